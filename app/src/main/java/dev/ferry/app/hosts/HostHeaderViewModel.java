package dev.ferry.app.hosts;

import dev.ferry.app.hosts.HostPaneViewModel.FindingRow;
import dev.ferry.app.hosts.HostPaneViewModel.SupportRow;
import dev.ferry.engine.probe.Finding;
import dev.ferry.engine.probe.HostReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What a pane's header says from the host's probe: system and kernel, CRIU badge, the readiness mark,
 * and for its popover the findings with their fixes and which strategies the host can do, with why.
 */
final class HostHeaderViewModel {
  private final ReadOnlyStringWrapper system = new ReadOnlyStringWrapper(this, "system", "");
  private final ReadOnlyStringWrapper criuBadge = new ReadOnlyStringWrapper(this, "criuBadge", "CRIU ?");
  private final ReadOnlyObjectWrapper<Readiness> readiness = new ReadOnlyObjectWrapper<>(this, "readiness", Readiness.UNKNOWN);
  private final ObservableList<FindingRow> findings = FXCollections.observableArrayList();
  private final ObservableList<SupportRow> supports = FXCollections.observableArrayList();
  // One read-only view each, kept: a fresh wrapper per call would drop its listeners when collected.
  private final ObservableList<FindingRow> findingsView = FXCollections.unmodifiableObservableList(findings);
  private final ObservableList<SupportRow> supportsView = FXCollections.unmodifiableObservableList(supports);

  void probed(HostReport r) {
    var f = r.facts();
    system.set(f.os() + " · kernel " + f.kernel());
    criuBadge.set(f.criu().installed() ? "CRIU " + f.criu().version() : "no CRIU");
    readiness.set(Readiness.of(r.findings()));
    List<FindingRow> rows = new ArrayList<>();
    for (Finding finding : r.findings()) {
      rows.add(new FindingRow(finding.severity().name().toLowerCase(Locale.ROOT), finding.title(), finding.fix()));
    }
    findings.setAll(rows);
    boolean criuWorks = r.usable() && f.criu().installed() && f.criu().checkPassed();
    supports.setAll(
        new SupportRow("pre-copy", criuWorks && f.criu().preCopy(),
            !criuWorks ? "CRIU does not work here" : f.criu().preCopy() ? "memory copied in rounds while it runs"
                : "the kernel lacks soft-dirty tracking (criu check --feature mem_dirty_track)"),
        new SupportRow("post-copy", criuWorks && f.criu().postCopy(),
            !criuWorks ? "CRIU does not work here" : f.criu().postCopy() ? "resumes first, pages follow on demand"
                : "the kernel lacks userfaultfd (criu check --feature uffd-noncoop)"),
        new SupportRow("stop-and-copy", criuWorks, criuWorks ? "works wherever CRIU works" : "CRIU does not work here"));
  }

  void probeFailed(Throwable error) {
    readiness.set(Readiness.NOT_USABLE);
    findings.setAll(new FindingRow("error", "The probe failed: " + error.getMessage(), "Check the connection and try again."));
    supports.clear();
  }

  ReadOnlyStringProperty system() {
    return system.getReadOnlyProperty();
  }

  ReadOnlyStringProperty criuBadge() {
    return criuBadge.getReadOnlyProperty();
  }

  ReadOnlyObjectProperty<Readiness> readiness() {
    return readiness.getReadOnlyProperty();
  }

  ObservableList<FindingRow> findings() {
    return findingsView;
  }

  ObservableList<SupportRow> supports() {
    return supportsView;
  }
}
