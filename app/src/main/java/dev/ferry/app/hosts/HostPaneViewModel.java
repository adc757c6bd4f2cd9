package dev.ferry.app.hosts;

import dev.ferry.app.migration.MigrationPort.DropVerdict;
import dev.ferry.app.migration.MigrationPort.InFlight;
import dev.ferry.app.model.CheckpointRef;
import dev.ferry.app.model.ContainerRef;
import dev.ferry.engine.container.ContainerInfo;
import dev.ferry.engine.metrics.ContainerSample;
import dev.ferry.engine.metrics.HostSample;
import dev.ferry.engine.migration.RecoveryAction;
import dev.ferry.engine.probe.HostReport;
import dev.ferry.engine.ssh.SshException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One host's pane: who it is, whether it can take part in migrations and why, its live meters and its
 * container cards, its connection's fortunes, and whether it would take a card being dragged. Every
 * method runs on the UI thread (the engine's events reach it through {@link HostEvents}); nothing here
 * touches the network, so it is tested without a host or a stage.
 */
public final class HostPaneViewModel {
  private static final Pattern FIX_COMMAND = Pattern.compile("ssh-keygen -R '[^']+' -f \\S+");

  private final String name;
  private final Moves moves;
  private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper(this, "address", "");
  private final ReadOnlyStringWrapper connection = new ReadOnlyStringWrapper(this, "connection", "not connected");
  private final ReadOnlyStringWrapper connectionStyle = new ReadOnlyStringWrapper(this, "connectionStyle", "idle");
  private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(this, "connected");
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
  private final ReadOnlyStringWrapper recovery = new ReadOnlyStringWrapper(this, "recovery", "");
  private final ReadOnlyStringWrapper fixCommand = new ReadOnlyStringWrapper(this, "fixCommand", "");
  private final ReadOnlyObjectWrapper<DropVerdict> dropVerdict = new ReadOnlyObjectWrapper<>(this, "dropVerdict");
  private final HostHeaderViewModel header = new HostHeaderViewModel();
  private final HostMeters meters = new HostMeters();
  private final ObservableList<ContainerCardViewModel> cards = FXCollections.observableArrayList();
  private final ObservableList<ContainerCardViewModel> cardsView = FXCollections.unmodifiableObservableList(cards);
  private final Map<String, ContainerCardViewModel> cardsByKey = new LinkedHashMap<>();
  // Cards of migrating containers that the host stopped listing: removed once their migration ends.
  private final java.util.Set<String> unlistedWhileMoving = new java.util.HashSet<>();
  private final Map<String, ContainerInfo> containers = new LinkedHashMap<>();
  private final Map<String, Integer> checkpointCounts = new HashMap<>();
  private final List<ContainerCardViewModel> ghosts = new ArrayList<>();
  private HostReport report;
  private Instant now = Instant.EPOCH;

  public HostPaneViewModel(String name, String address, Moves moves) {
    this.name = name;
    this.address.set(address);
    this.moves = moves;
  }

  public String name() {
    return name;
  }

  void setAddress(String text) {
    address.set(text);
  }

  // ---- connection ----

  public void connecting() {
    setConnection("connecting…", "busy", false);
    problem.set("");
    fixCommand.set("");
  }

  public void connected() {
    setConnection("connected", "ok", true);
    problem.set("");
    fixCommand.set("");
  }

  public void connectFailed(Throwable error) {
    Throwable e = error;
    while (!(e instanceof SshException) && e.getCause() != null && e.getCause() != e) {
      e = e.getCause();
    }
    String message = Optional.ofNullable(e.getMessage()).orElse(e.toString());
    if (e instanceof SshException.HostKeyRejected rejected && rejected.changed()) {
      setConnection("blocked: the host key has changed", "error", false);
      Matcher m = FIX_COMMAND.matcher(message);
      fixCommand.set(m.find() ? m.group() : "");
    } else if (e instanceof SshException.HostKeyRejected) {
      setConnection("not connected: host key not accepted", "error", false);
    } else if (e instanceof SshException.AuthenticationFailed) {
      setConnection("login refused", "error", false);
    } else {
      setConnection("cannot connect", "error", false);
    }
    problem.set(message);
  }

  public void disconnected(String reason) {
    setConnection("connection lost: " + reason, "warn", false);
  }

  public void reconnecting(int attempt, Duration delay) {
    setConnection("reconnecting, attempt " + attempt, "warn", false);
  }

  public void reconnected() {
    connected();
  }

  private void setConnection(String text, String style, boolean up) {
    connection.set(text);
    connectionStyle.set(style);
    connected.set(up);
  }

  /** What the sweep on connect found of interrupted migrations, and what it did; empty when nothing. */
  public ReadOnlyStringProperty recovery() {
    return recovery.getReadOnlyProperty();
  }

  public void recovered(List<RecoveryAction> actions) {
    recovery.set(actions.stream().map(a -> "Found " + a.describe()).collect(java.util.stream.Collectors.joining("\n")));
  }

  // ---- probe ----

  public void probed(HostReport r) {
    report = r;
    header.probed(r);
  }

  public void probeFailed(Throwable error) {
    header.probeFailed(error);
  }

  // ---- metrics ----

  public void hostSample(HostSample s) {
    meters.sample(s);
  }

  public void containerSample(ContainerSample s) {
    for (ContainerCardViewModel card : cardsByKey.values()) {
      if (card.name().equals(s.containerId())) {
        card.sample(s);
      }
    }
  }

  public void metricsStopped(String reason) {
    meters.stopped(reason);
  }

  // ---- containers ----

  /** A full listing: cards for new containers, updates for known ones, removal of the missing. */
  public void containersListed(List<ContainerInfo> list) {
    Map<String, ContainerInfo> fresh = new LinkedHashMap<>();
    list.forEach(c -> fresh.put(key(c), c));
    new ArrayList<>(containers.values()).stream().filter(c -> !fresh.containsKey(key(c))).forEach(this::containerGone);
    fresh.values().forEach(this::containerSeen);
  }

  public void containerSeen(ContainerInfo c) {
    unlistedWhileMoving.remove(key(c));
    containers.put(key(c), c);
    ContainerCardViewModel card = cardsByKey.get(key(c));
    if (card == null) {
      card = new ContainerCardViewModel(new ContainerRef(name, c.id(), c.runtime()), moves::targetsFor);
      card.checkpoints(checkpointCounts.getOrDefault(c.id(), 0));
      cardsByKey.put(key(c), card);
      cards.add(cards.size() - ghosts.size(), card);
    }
    card.update(c, now);
  }

  /**
   * A container is no longer listed. Mid-migration the host may not list the frozen original for a
   * moment: its card stays, saying "migrating", and goes when the migration has ended.
   */
  public void containerGone(ContainerInfo c) {
    ContainerCardViewModel moving = cardsByKey.get(key(c));
    if (moving != null && moving.migrating().get()) {
      unlistedWhileMoving.add(key(c));
      return;
    }
    removeCard(c);
  }

  private void removeCard(ContainerInfo c) {
    unlistedWhileMoving.remove(key(c));
    containers.remove(key(c));
    ContainerCardViewModel card = cardsByKey.remove(key(c));
    if (card != null) {
      cards.remove(card);
    }
  }

  /** Checkpoints per container name, as the host's checkpoint store lists them. */
  public void checkpointCounts(Map<String, Integer> counts) {
    checkpointCounts.clear();
    checkpointCounts.putAll(counts);
    cardsByKey.values().forEach(card -> card.checkpoints(counts.getOrDefault(card.name(), 0)));
  }

  /** The clock moved on: uptimes follow. */
  public void tick(Instant time) {
    now = time;
    cardsByKey.values().forEach(card -> card.tick(time));
  }

  /** Migrations now running: our cards that leave show "migrating", arrivals get a ghost card. */
  public void inFlight(List<InFlight> moving) {
    for (ContainerCardViewModel card : cardsByKey.values()) {
      Optional<InFlight> mine = moving.stream().filter(m -> m.container().equals(card.ref())).findFirst();
      card.migrating(mine.isPresent(), mine.map(InFlight::destination).orElse(""));
    }
    // Cards kept through a migration while unlisted: once it is over, the host's last word is believed
    // (a container that is back after a roll-back is listed again and its card returns).
    for (String key : List.copyOf(unlistedWhileMoving)) {
      ContainerCardViewModel card = cardsByKey.get(key);
      ContainerInfo info = containers.get(key);
      if (info == null) {
        unlistedWhileMoving.remove(key);
      } else if (card == null || !card.migrating().get()) {
        removeCard(info);
      }
    }
    cards.removeAll(ghosts);
    ghosts.clear();
    for (InFlight m : moving) {
      if (m.destination().equals(name)) {
        ghosts.add(ContainerCardViewModel.ghostOf(m.container()));
      }
    }
    cards.addAll(ghosts);
  }

  private static String key(ContainerInfo c) {
    return c.runtime() + "/" + c.id();
  }

  // ---- drag and drop ----

  /** A card of this pane started being dragged ({@code payload} is what it put on the dragboard). */
  public void dragStarted(String payload) {
    moves.dragStarted(ContainerRef.parse(payload));
  }

  public void dragEnded() {
    moves.dragEnded();
  }

  /** Shows whether this pane would take the card being dragged, with the reason, right on the pane. */
  public void showVerdict(ContainerRef dragged) {
    dropVerdict.set(dragged.host().equals(name) ? null : moves.verdict(dragged, name));
  }

  public void clearVerdict() {
    dropVerdict.set(null);
  }

  /** A checkpoint is being dragged: shows whether this pane would restore it, and why not. */
  public void showRestoreVerdict(CheckpointRef checkpoint) {
    DropVerdict v = moves.restoreVerdict(checkpoint, name);
    dropVerdict.set(v.accepted() ? DropVerdict.accept("restore " + checkpoint.label() + " here" + (v.reason().isEmpty() ? "" : " (" + v.reason() + ")"))
        : v);
  }

  /** "Evacuate…": every container of this host elsewhere, with a plan first. */
  public void evacuate() {
    moves.evacuate(name);
  }

  /** "Autopilot…" from a card's menu. */
  public void autopilot(ContainerCardViewModel card) {
    moves.autopilot(card.ref());
  }

  /** "Checkpoint now…" from a card's menu. */
  public void checkpointNow(ContainerCardViewModel card) {
    moves.checkpointNow(card.ref());
  }

  /** "Checkpoints" from a card's menu: the list, narrowed to this container. */
  public void showCheckpoints(ContainerCardViewModel card) {
    moves.showCheckpoints(card.ref());
  }

  /** The card was dragged over this pane: ask again (facts may have changed) and say whether a drop is taken. */
  public boolean dragEntered(String payload) {
    if (CheckpointRef.isOne(payload)) {
      showRestoreVerdict(CheckpointRef.parse(payload));
      DropVerdict v = dropVerdict.get();
      return v != null && v.accepted();
    }
    ContainerRef ref = parse(payload);
    if (ref == null) {
      return false;
    }
    showVerdict(ref);
    DropVerdict v = dropVerdict.get();
    return v != null && v.accepted();
  }

  /** The card was dropped here: asks for the move if this pane takes it. */
  public boolean drop(String payload) {
    if (CheckpointRef.isOne(payload)) {
      CheckpointRef cp = CheckpointRef.parse(payload);
      if (!moves.restoreVerdict(cp, name).accepted()) {
        return false;
      }
      moves.requestRestore(cp, name);
      return true;
    }
    ContainerRef ref = parse(payload);
    if (ref == null || ref.host().equals(name)) {
      return false;
    }
    DropVerdict v = moves.verdict(ref, name);
    if (!v.accepted()) {
      return false;
    }
    moves.requestMove(ref, name);
    return true;
  }

  /** "Move to ▸" chose {@code target} for this pane's card. */
  public void moveTo(ContainerCardViewModel card, String target) {
    if (moves.verdict(card.ref(), target).accepted()) {
      moves.requestMove(card.ref(), target);
    }
  }

  private static ContainerRef parse(String payload) {
    try {
      return payload == null ? null : ContainerRef.parse(payload);
    } catch (IllegalArgumentException notOurs) {
      return null;
    }
  }

  // ---- what the facts cache reads ----

  public Optional<HostReport> report() {
    return Optional.ofNullable(report);
  }

  public List<ContainerInfo> containers() {
    return List.copyOf(containers.values());
  }

  // ---- properties ----

  public ReadOnlyStringProperty address() {
    return address.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty system() {
    return header.system();
  }

  public ReadOnlyStringProperty criuBadge() {
    return header.criuBadge();
  }

  public ReadOnlyObjectProperty<Readiness> readiness() {
    return header.readiness();
  }

  public ObservableList<FindingRow> findings() {
    return header.findings();
  }

  public ObservableList<SupportRow> supports() {
    return header.supports();
  }

  public ReadOnlyStringProperty connection() {
    return connection.getReadOnlyProperty();
  }

  /** ok, busy, warn, error or idle, for the view's style class. */
  public ReadOnlyStringProperty connectionStyle() {
    return connectionStyle.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty connectedProperty() {
    return connected.getReadOnlyProperty();
  }

  public boolean isConnected() {
    return connected.get();
  }

  /** What went wrong connecting, in the engine's plain words; empty when nothing did. */
  public ReadOnlyStringProperty problem() {
    return problem.getReadOnlyProperty();
  }

  /** For a changed host key: the exact command that removes the old key, when the change is expected. */
  public ReadOnlyStringProperty fixCommand() {
    return fixCommand.getReadOnlyProperty();
  }

  /** Whether this pane takes the card being dragged; null while nothing is dragged. */
  public ReadOnlyObjectProperty<DropVerdict> dropVerdict() {
    return dropVerdict.getReadOnlyProperty();
  }

  public MeterViewModel cpu() {
    return meters.cpu;
  }

  public MeterViewModel memory() {
    return meters.memory;
  }

  public MeterViewModel disk() {
    return meters.disk;
  }

  public MeterViewModel network() {
    return meters.network;
  }

  public ObservableList<ContainerCardViewModel> cards() {
    return cardsView;
  }

  /** A probe finding as the readiness popover lists it. */
  public record FindingRow(String severity, String title, String fix) {}

  /** A strategy and whether this host can do it, with why. */
  public record SupportRow(String strategy, boolean supported, String why) {}
}
