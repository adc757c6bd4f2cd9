package dev.ferry.engine.migration;

/** The strategy a migration will use and, in plain words, why (a capability handshake's outcome). */
public record StrategyChoice(Strategy strategy, String reason) {}
