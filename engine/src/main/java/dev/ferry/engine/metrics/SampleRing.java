package dev.ferry.engine.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A fixed-size ring of samples in time order that also forgets samples older than a window before
 * the newest. Both bounds hold at once, so memory stays bounded whatever the sample rate.
 */
final class SampleRing<T> {
  private final Object[] items;
  private final Duration window;
  private final Function<T, Instant> timeOf;
  private int head;
  private int size;

  SampleRing(int capacity, Duration window, Function<T, Instant> timeOf) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity);
    }
    this.items = new Object[capacity];
    this.window = window;
    this.timeOf = timeOf;
  }

  synchronized void add(T sample) {
    items[(head + size) % items.length] = sample;
    if (size < items.length) {
      size++;
    } else {
      head = (head + 1) % items.length;
    }
    evictBefore(timeOf.apply(sample).minus(window));
  }

  /** Drops samples taken before {@code cutoff}; returns whether any are left. */
  synchronized boolean evictBefore(Instant cutoff) {
    while (size > 0 && timeOf.apply(at(0)).isBefore(cutoff)) {
      items[head] = null;
      head = (head + 1) % items.length;
      size--;
    }
    return size > 0;
  }

  /** The samples now held, oldest first: a copy, safe to read while samples keep arriving. */
  synchronized List<T> snapshot() {
    List<T> copy = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      copy.add(at(i));
    }
    return List.copyOf(copy);
  }

  synchronized int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  private T at(int i) {
    return (T) items[(head + i) % items.length];
  }
}
