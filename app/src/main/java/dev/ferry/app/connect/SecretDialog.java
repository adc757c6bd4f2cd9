package dev.ferry.app.connect;

import java.util.Optional;
import java.util.function.Consumer;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Asks for one passphrase or password, saying which key or host it is for. Shown without blocking; replies once. */
public final class SecretDialog {
  private SecretDialog() {}

  public static void show(Window owner, SecretQuestion q, Consumer<Optional<char[]>> reply) {
    Dialog<Optional<char[]>> d = new Dialog<>();
    if (owner != null) {
      d.initOwner(owner);
    }
    d.setTitle(q.title());
    d.setHeaderText(q.title());
    PasswordField secret = new PasswordField();
    secret.setId("secret");
    Label what = new Label(q.forWhat());
    what.setWrapText(true);
    what.setMaxWidth(420);
    d.getDialogPane().setContent(new VBox(10, what, secret));
    d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    d.setResultConverter(b -> b == ButtonType.OK ? Optional.of(secret.getText().toCharArray()) : Optional.empty());
    d.setOnHidden(e -> {
      reply.accept(d.getResult() == null ? Optional.empty() : d.getResult());
      secret.clear();
    });
    d.setOnShown(e -> secret.requestFocus());
    d.show();
  }
}
