package dev.ferry.app.connect;

import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The connect dialog: pick a host from ~/.ssh/config or the lab, or type address, user, port and key
 * file, with each field's reason shown under it as you type. Binds to {@link ConnectViewModel} only.
 */
public final class ConnectDialog {
  public static final ButtonType CONNECT = new ButtonType("Connect", ButtonBar.ButtonData.OK_DONE);

  private final Dialog<Optional<HostSpec>> dialog = new Dialog<>();

  public ConnectDialog(Window owner, ConnectViewModel vm) {
    if (owner != null) {
      dialog.initOwner(owner);
    }
    dialog.setTitle("Connect to a host");
    dialog.setHeaderText("Connect to a host over SSH. The ssh-agent and your ~/.ssh keys are used.");
    ComboBox<String> known = new ComboBox<>(vm.choices());
    known.setId("known-hosts");
    known.setPromptText(vm.choices().isEmpty() ? "no hosts in ~/.ssh/config" : "pick one, or type one below");
    known.setEditable(false);
    known.setMaxWidth(Double.MAX_VALUE);
    known.valueProperty().addListener((o, a, b) -> vm.picked().set(b == null ? "" : b));
    Button clear = new Button("Type one instead");
    clear.setOnAction(e -> known.setValue(null));
    clear.disableProperty().bind(vm.typing());

    GridPane grid = new GridPane();
    grid.setHgap(10);
    grid.setVgap(2);
    grid.addRow(0, new Label("Known hosts"), known, clear);
    int row = 1;
    row = field(grid, row, "Address", "address", vm.address(), vm.addressError(), "host name or IP address");
    row = field(grid, row, "User", "user", vm.user(), vm.userError(), "");
    row = field(grid, row, "Port", "port", vm.port(), vm.portError(), "22");
    field(grid, row, "Key file", "key-file", vm.keyFile(), vm.keyError(), "empty: ssh-agent and ~/.ssh/id_*");
    grid.getChildren().stream().filter(n -> n instanceof TextField).forEach(n -> n.disableProperty().bind(vm.typing().not()));

    dialog.getDialogPane().setContent(new VBox(grid));
    dialog.getDialogPane().getButtonTypes().addAll(CONNECT, ButtonType.CANCEL);
    Node connect = dialog.getDialogPane().lookupButton(CONNECT);
    connect.disableProperty().bind(vm.valid().not());
    dialog.setResultConverter(b -> b == CONNECT ? vm.result() : Optional.empty());
  }

  private static int field(GridPane grid, int row, String label, String id, javafx.beans.property.StringProperty value,
      ReadOnlyStringProperty error, String prompt) {
    TextField f = new TextField();
    f.setId(id);
    f.setPromptText(prompt);
    f.textProperty().bindBidirectional(value);
    Label why = new Label();
    why.setId(id + "-error");
    why.getStyleClass().add("field-error");
    why.textProperty().bind(error);
    why.visibleProperty().bind(Bindings.createBooleanBinding(() -> !error.get().isEmpty(), error));
    why.managedProperty().bind(why.visibleProperty());
    why.setWrapText(true);
    why.setMaxWidth(380);
    grid.addRow(row, new Label(label), f);
    grid.add(why, 1, row + 1, 2, 1);
    return row + 2;
  }

  public Dialog<Optional<HostSpec>> dialog() {
    return dialog;
  }

  /** Shows the dialog without blocking; {@code onResult} gets the host to connect to, if any. */
  public void show(Consumer<HostSpec> onResult) {
    dialog.setOnHidden(e -> {
      Optional<HostSpec> r = dialog.getResult();
      if (r != null) {
        r.ifPresent(onResult);
      }
    });
    dialog.show();
  }
}
