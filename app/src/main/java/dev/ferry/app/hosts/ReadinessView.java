package dev.ferry.app.hosts;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PopOver;

/**
 * The readiness mark of a pane's header; clicking it (or Enter/Space on it) opens a popover with the
 * probe's findings and their fixes, and which strategies the host can do, each with why.
 */
public final class ReadinessView extends Button {
  private final HostPaneViewModel vm;
  private PopOver popOver;

  public ReadinessView(HostPaneViewModel vm) {
    this.vm = vm;
    getStyleClass().addAll("readiness", "flat");
    setId("readiness-" + vm.name());
    vm.readiness().addListener((o, a, b) -> show(a, b));
    show(null, vm.readiness().get());
    setOnAction(e -> togglePopOver());
  }

  private void show(Readiness before, Readiness now) {
    if (before != null) {
      getStyleClass().remove("readiness-" + before.name().toLowerCase());
    }
    getStyleClass().add("readiness-" + now.name().toLowerCase());
    setText(switch (now) {
      case READY -> "● Ready";
      case LIMITED -> "◐ Limited";
      case NOT_USABLE -> "✕ Not usable";
      case UNKNOWN -> "… Probing";
    });
  }

  private void togglePopOver() {
    if (popOver != null && popOver.isShowing()) {
      popOver.hide();
      return;
    }
    VBox box = new VBox(6);
    box.getStyleClass().add("readiness-popover");
    box.setId("readiness-details");
    Label title = new Label(vm.name() + ": " + vm.readiness().get().label());
    title.getStyleClass().add("popover-title");
    box.getChildren().add(title);
    if (vm.findings().isEmpty()) {
      box.getChildren().add(new Label(vm.readiness().get() == Readiness.UNKNOWN ? "Not probed yet." : "The probe found nothing to fix."));
    }
    for (HostPaneViewModel.FindingRow f : vm.findings()) {
      Label t = new Label(f.severity().toUpperCase() + "  " + f.title());
      t.getStyleClass().add("finding-" + f.severity());
      t.setWrapText(true);
      Label fix = new Label("Fix: " + f.fix());
      fix.getStyleClass().add("finding-fix");
      fix.setWrapText(true);
      box.getChildren().addAll(t, fix);
    }
    if (!vm.supports().isEmpty()) {
      Label s = new Label("What this host can do");
      s.getStyleClass().add("popover-title");
      box.getChildren().add(s);
      for (HostPaneViewModel.SupportRow r : vm.supports()) {
        Label l = new Label((r.supported() ? "✓ " : "✗ ") + r.strategy() + ": " + r.why());
        l.getStyleClass().add(r.supported() ? "support-yes" : "support-no");
        l.setWrapText(true);
        box.getChildren().add(l);
      }
    }
    box.setMaxWidth(460);
    box.setPrefWidth(460);
    popOver = new PopOver(box);
    popOver.setArrowLocation(PopOver.ArrowLocation.TOP_CENTER);
    popOver.setDetachable(false);
    popOver.show(this);
  }
}
