package dev.ferry.engine.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers an event to every registered listener; one that throws is logged and does not stop the rest. */
final class ListenerFanOut {
  private static final Logger LOG = LoggerFactory.getLogger(ListenerFanOut.class);

  private final List<MetricsListener> listeners = new CopyOnWriteArrayList<>();

  void add(MetricsListener l) {
    listeners.add(l);
  }

  void remove(MetricsListener l) {
    listeners.remove(l);
  }

  void each(Consumer<MetricsListener> event) {
    for (MetricsListener l : listeners) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("a metrics listener failed: {}", e.toString(), e);
      }
    }
  }

  /** One tick, in the order listeners rely on: the host, its containers, then those gone. */
  void deliver(String host, RateCalculator.Tick tick) {
    tick.host().ifPresent(sample -> each(l -> l.hostSample(sample)));
    for (ContainerSample c : tick.containers()) {
      each(l -> l.containerSample(c));
    }
    for (String id : tick.gone()) {
      each(l -> l.containerGone(host, id));
    }
  }
}
