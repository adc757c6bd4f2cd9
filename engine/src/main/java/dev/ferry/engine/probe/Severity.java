package dev.ferry.engine.probe;

/**
 * How much a finding matters, in the order a compatibility panel shows them: errors make a host
 * unusable for migration, warnings let it work worse, info only explains.
 */
public enum Severity {
  ERROR,
  WARNING,
  INFO
}
