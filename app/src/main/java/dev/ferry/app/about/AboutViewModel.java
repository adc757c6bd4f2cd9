package dev.ferry.app.about;

import dev.ferry.app.tasks.BackgroundTask;
import dev.ferry.app.tasks.TaskExecutor;
import dev.ferry.engine.FerryVersion;
import dev.ferry.engine.probe.HostLimits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the About dialog shows: Ferry's version (the pom's, through {@link FerryVersion}), what each
 * host needs (CRIU from {@link HostLimits}, runc), Ferry's own licence, and the licences of the
 * libraries it bundles, read from the list the build wrote, through the executor.
 */
public final class AboutViewModel {
  /** Written by the build from the bundled libraries' poms (license-maven-plugin, app/pom.xml). */
  static final String LICENCES_RESOURCE = "bundled-licences.txt";
  /** Ferry has not chosen a licence yet; the dialog says so rather than suggest one. */
  static final String FERRY_LICENCE = "Ferry itself: no licence declared yet";

  private final TaskExecutor executor;
  private final ObservableList<BundledLicence> licences = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper licencesProblem = new ReadOnlyStringWrapper(this, "licencesProblem", "");
  private boolean loaded;

  public AboutViewModel(TaskExecutor executor) {
    this.executor = executor;
  }

  /** "Ferry 0.1.0-SNAPSHOT". */
  public String title() {
    return FerryVersion.nameAndVersion();
  }

  public String version() {
    return FerryVersion.current();
  }

  /** What every host Ferry moves containers between needs, one line each. */
  public List<String> requirements() {
    return List.of(
        "CRIU " + HostLimits.criuMinimum() + " or newer on each host (older CRIU fails on current kernels)",
        "runc on each host (Podman optional); tested with runc 1.1.5",
        "Root login over SSH, iptables, rsync, tc; see ./ferry probe HOST");
  }

  public String ferryLicence() {
    return FERRY_LICENCE;
  }

  /** The bundled libraries, filled once {@link #load()} has read them. */
  public ObservableList<BundledLicence> licences() {
    return FXCollections.unmodifiableObservableList(licences);
  }

  /** Empty, or why the licences could not be read. */
  public ReadOnlyStringProperty licencesProblem() {
    return licencesProblem.getReadOnlyProperty();
  }

  /** Reads the bundled libraries' licences off the UI thread, once. */
  public void load() {
    if (loaded) {
      return;
    }
    loaded = true;
    executor.execute(BackgroundTask.of("read bundled licences", AboutViewModel::readLicences)
        .onSuccess(licences::setAll)
        .onFailure(e -> licencesProblem.set("The bundled libraries' licences could not be read: " + e.getMessage())));
  }

  static List<BundledLicence> readLicences() throws IOException {
    try (InputStream in = AboutViewModel.class.getResourceAsStream(LICENCES_RESOURCE)) {
      if (in == null) {
        throw new IOException(LICENCES_RESOURCE + " is missing (written by the build's license-maven-plugin)");
      }
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        return r.lines().filter(l -> !l.isBlank()).map(BundledLicence::parse).toList();
      }
    }
  }
}
