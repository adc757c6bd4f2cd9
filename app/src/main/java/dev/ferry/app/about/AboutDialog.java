package dev.ferry.app.about;

import atlantafx.base.theme.Styles;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The About dialog: Ferry's icon and version, what the hosts need, and the licences of Ferry and of the
 * libraries it bundles. Binds to an {@link AboutViewModel}; nothing else.
 */
public final class AboutDialog {
  private static final int ICON_SIZE = 128;
  private static final double DIALOG_WIDTH = 760;

  private final Dialog<ButtonType> dialog = new Dialog<>();

  public AboutDialog(Window owner, AboutViewModel vm) {
    if (owner != null) {
      dialog.initOwner(owner);
    }
    dialog.setTitle("About Ferry");
    ImageView icon = new ImageView(AppIcons.of(ICON_SIZE));
    icon.setId("about-icon");
    icon.setFitWidth(ICON_SIZE);
    icon.setFitHeight(ICON_SIZE);
    Label name = new Label("Ferry");
    name.getStyleClass().add("about-name");
    Label version = new Label("Version " + vm.version());
    version.setId("about-version");
    Label what = new Label("Moves running Linux containers between hosts.");
    what.setWrapText(true);
    VBox heading = new VBox(4, name, version, what);
    heading.setAlignment(Pos.CENTER_LEFT);
    HBox top = new HBox(20, icon, heading);
    top.setAlignment(Pos.CENTER_LEFT);

    VBox needs = new VBox(2);
    needs.setId("about-requirements");
    vm.requirements().forEach(r -> needs.getChildren().add(new Label("• " + r)));

    Label ferryLicence = new Label(vm.ferryLicence());
    ferryLicence.setId("about-ferry-licence");
    TableView<BundledLicence> table = new TableView<>(vm.licences());
    table.setId("about-licences");
    table.getColumns().add(column("Library", BundledLicence::name, 210));
    table.getColumns().add(column("Version", BundledLicence::version, 80));
    table.getColumns().add(column("Licence", BundledLicence::licencesText, 380));
    table.getStyleClass().add(Styles.DENSE);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.setPrefHeight(250);
    Label problem = new Label();
    problem.getStyleClass().add("about-problem");
    problem.textProperty().bind(vm.licencesProblem());
    problem.managedProperty().bind(problem.textProperty().isNotEmpty());

    VBox content = new VBox(12, top, section("Each host needs"), needs, section("Licences"), ferryLicence,
        new Label("Bundled libraries, as their poms declare them:"), table, problem);
    content.setPadding(new Insets(16, 20, 8, 20));
    dialog.getDialogPane().setContent(content);
    // Wide enough for the licences' names; the dialog grows no narrower than this.
    dialog.getDialogPane().setMinWidth(DIALOG_WIDTH);
    dialog.getDialogPane().setPrefWidth(DIALOG_WIDTH);
    dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
    dialog.getDialogPane().setId("about-dialog");
    dialog.getDialogPane().getStylesheets().add(java.util.Objects.requireNonNull(AboutDialog.class.getResource("/dev/ferry/app/app.css")).toExternalForm());
    ((Stage) dialog.getDialogPane().getScene().getWindow()).getIcons().setAll(AppIcons.forWindow());
    vm.load();
  }

  /** Opens the dialog without waiting for it to close. */
  public static AboutDialog show(Window owner, AboutViewModel vm) {
    AboutDialog d = new AboutDialog(owner, vm);
    d.dialog.show();
    return d;
  }

  public Dialog<ButtonType> dialog() {
    return dialog;
  }

  private static Label section(String text) {
    Label l = new Label(text);
    l.getStyleClass().add("about-section");
    return l;
  }

  private static TableColumn<BundledLicence, String> column(String title, java.util.function.Function<BundledLicence, String> value, double width) {
    TableColumn<BundledLicence, String> c = new TableColumn<>(title);
    c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    c.setPrefWidth(width);
    c.setMinWidth(Math.min(width, 80));
    return c;
  }
}
