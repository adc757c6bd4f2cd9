package dev.ferry.app.connect;

import java.util.function.Consumer;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The unknown-host-key question: the host, its key type and SHA256 fingerprint, and how to compare it
 * on the host itself; accept and remember, accept once, or cancel. Shown without blocking; replies once.
 */
public final class HostKeyDialog {
  public static final ButtonType REMEMBER = new ButtonType("Accept and remember", ButtonBar.ButtonData.YES);
  public static final ButtonType ONCE = new ButtonType("Accept once", ButtonBar.ButtonData.OTHER);
  public static final ButtonType CANCEL = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);

  private HostKeyDialog() {}

  public static void show(Window owner, HostKeyQuestion q, Consumer<HostKeyQuestion.Answer> reply) {
    Dialog<HostKeyQuestion.Answer> d = new Dialog<>();
    if (owner != null) {
      d.initOwner(owner);
    }
    d.setTitle("Unknown host key");
    d.setHeaderText("Ferry has never seen the key of " + q.host() + " before.");
    GridPane grid = new GridPane();
    grid.setHgap(10);
    grid.setVgap(6);
    grid.addRow(0, new Label("Host"), new Label(q.host() + " (" + q.endpoint() + ")"));
    grid.addRow(1, new Label("Key type"), new Label(q.keyType()));
    TextField fp = new TextField(q.fingerprint());
    fp.setEditable(false);
    fp.setId("fingerprint");
    fp.setPrefColumnCount(50);
    grid.addRow(2, new Label("Fingerprint"), fp);
    Label advice = new Label("Compare it with what the host's administrator sees (" + q.checkCommand()
        + "). Accept only if they match: a different key could mean someone is intercepting the connection.");
    advice.setWrapText(true);
    advice.setMaxWidth(520);
    d.getDialogPane().setContent(new VBox(12, grid, advice));
    d.getDialogPane().getButtonTypes().addAll(REMEMBER, ONCE, CANCEL);
    d.setResultConverter(b -> b == REMEMBER ? HostKeyQuestion.Answer.ACCEPT_AND_REMEMBER
        : b == ONCE ? HostKeyQuestion.Answer.ACCEPT_ONCE : HostKeyQuestion.Answer.CANCEL);
    d.setOnHidden(e -> reply.accept(d.getResult() == null ? HostKeyQuestion.Answer.CANCEL : d.getResult()));
    d.show();
  }
}
