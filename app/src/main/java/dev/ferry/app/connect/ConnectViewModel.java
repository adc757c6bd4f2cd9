package dev.ferry.app.connect;

import dev.ferry.app.tasks.BackgroundTask;
import dev.ferry.app.tasks.TaskExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The connect dialog's state: a host picked from ~/.ssh/config or the running lab, or an address, user,
 * port and key file typed in, each field validated as it changes with the reason in words. The key
 * file is looked at through the executor, never on the UI thread.
 */
public final class ConnectViewModel {
  private final TaskExecutor executor;
  private final KeyFileCheck keyCheck;
  private final Path home;
  private final ObservableList<String> choices = FXCollections.observableArrayList();
  private final StringProperty picked = new SimpleStringProperty(this, "picked", "");
  private final StringProperty address = new SimpleStringProperty(this, "address", "");
  private final StringProperty user = new SimpleStringProperty(this, "user", System.getProperty("user.name", "root"));
  private final StringProperty port = new SimpleStringProperty(this, "port", "22");
  private final StringProperty keyFile = new SimpleStringProperty(this, "keyFile", "");
  private final ReadOnlyStringWrapper addressError = new ReadOnlyStringWrapper(this, "addressError", "");
  private final ReadOnlyStringWrapper userError = new ReadOnlyStringWrapper(this, "userError", "");
  private final ReadOnlyStringWrapper portError = new ReadOnlyStringWrapper(this, "portError", "");
  private final ReadOnlyStringWrapper keyError = new ReadOnlyStringWrapper(this, "keyError", "");
  private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(this, "valid");
  private final ReadOnlyBooleanWrapper typing = new ReadOnlyBooleanWrapper(this, "typing", true);

  public ConnectViewModel(TaskExecutor executor, KeyFileCheck keyCheck, List<String> knownHosts) {
    this.executor = executor;
    this.keyCheck = keyCheck;
    this.home = Path.of(System.getProperty("user.home"));
    choices.setAll(knownHosts);
    address.addListener((o, a, b) -> addressError.set(ConnectValidation.address(b)));
    user.addListener((o, a, b) -> userError.set(ConnectValidation.user(b)));
    port.addListener((o, a, b) -> portError.set(ConnectValidation.port(b)));
    keyFile.addListener((o, a, b) -> checkKey(b));
    picked.addListener((o, a, b) -> typing.set(b == null || b.isBlank()));
    addressError.set(ConnectValidation.address(address.get()));
    userError.set(ConnectValidation.user(user.get()));
    portError.set(ConnectValidation.port(port.get()));
    valid.bind(Bindings.createBooleanBinding(() -> !typing.get()
            || addressError.get().isEmpty() && userError.get().isEmpty() && portError.get().isEmpty() && keyError.get().isEmpty(),
        typing, addressError, userError, portError, keyError));
  }

  private void checkKey(String path) {
    if (path == null || path.isBlank() || path.strip().endsWith(".pub")) {
      keyError.set(ConnectValidation.keyFile(path, KeyFileCheck.Status.OK));
      return;
    }
    Path file = expand(path.strip());
    executor.execute(BackgroundTask.of("check key file", () -> keyCheck.check(file)).onSuccess(status -> {
      // An answer for a path the person has since changed says nothing about the new one.
      if (path.equals(keyFile.get())) {
        keyError.set(ConnectValidation.keyFile(path, status));
      }
    }));
  }

  private Path expand(String p) {
    return p.equals("~") ? home : p.startsWith("~/") ? home.resolve(p.substring(2)) : Path.of(p);
  }

  /** What to connect to, if the form is valid. */
  public Optional<HostSpec> result() {
    if (!valid.get()) {
      return Optional.empty();
    }
    if (!typing.get()) {
      return Optional.of(HostSpec.configured(picked.get()));
    }
    String key = keyFile.get().isBlank() ? "" : expand(keyFile.get().strip()).toString();
    return Optional.of(HostSpec.typed(address.get().strip(), user.get().strip(), Integer.parseInt(port.get().strip()), key));
  }

  public ObservableList<String> choices() {
    return choices;
  }

  /** A host from ~/.ssh/config or the lab; empty to type one in. */
  public StringProperty picked() {
    return picked;
  }

  public StringProperty address() {
    return address;
  }

  public StringProperty user() {
    return user;
  }

  public StringProperty port() {
    return port;
  }

  public StringProperty keyFile() {
    return keyFile;
  }

  public ReadOnlyStringProperty addressError() {
    return addressError.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty userError() {
    return userError.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty portError() {
    return portError.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty keyError() {
    return keyError.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty valid() {
    return valid.getReadOnlyProperty();
  }

  /** True while no configured host is picked: the typed fields count. */
  public ReadOnlyBooleanProperty typing() {
    return typing.getReadOnlyProperty();
  }
}
