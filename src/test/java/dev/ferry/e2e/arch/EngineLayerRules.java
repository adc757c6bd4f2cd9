package dev.ferry.e2e.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/** The layering rules, defined once and applied to the real code and to a deliberately bad fixture. */
final class EngineLayerRules {
  private EngineLayerRules() {}

  /** The engine is a library for any front end: it must not touch JavaFX, not even javafx.beans. */
  static ArchRule noJavaFxIn(String packagePattern) {
    return noClasses().that().resideInAPackage(packagePattern)
        .should().dependOnClassesThat().resideInAPackage("javafx..")
        .because("the engine reports through listener interfaces and CompletableFutures, never JavaFX types")
        .allowEmptyShould(false);
  }

  /**
   * The engine's layers under {@code root} (dev.ferry.engine): util at the bottom; ssh on it; what a
   * host is and runs (probe, container, criu) on ssh; metrics beside them; migration and checkpoint on
   * top; hosts (the named hosts of ssh config) on ssh. A lower layer never reaches up.
   */
  static ArchRule layers(String root) {
    return layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("util").definedBy(root + ".util..")
        .layer("ssh").definedBy(root + ".ssh..")
        .layer("host").definedBy(root + ".probe..", root + ".container..", root + ".criu..")
        .layer("metrics").definedBy(root + ".metrics..")
        .layer("migration").definedBy(root + ".migration..", root + ".checkpoint..")
        .layer("hosts").definedBy(root + ".hosts..")
        .whereLayer("util").mayNotAccessAnyLayer()
        .whereLayer("ssh").mayOnlyAccessLayers("util")
        .whereLayer("host").mayOnlyAccessLayers("ssh", "util")
        .whereLayer("metrics").mayOnlyAccessLayers("host", "ssh", "util")
        .whereLayer("migration").mayOnlyAccessLayers("host", "ssh", "util")
        .whereLayer("hosts").mayOnlyAccessLayers("ssh", "util")
        .withOptionalLayers(true)
        .because("ssh knows nothing of containers or migrations, and what a host runs knows nothing of migrating it");
  }

  /** No two packages of the engine depend on each other, directly or around a loop. */
  static ArchRule noCycles(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }
}
