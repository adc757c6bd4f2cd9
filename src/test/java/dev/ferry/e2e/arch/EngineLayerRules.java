package dev.ferry.e2e.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
}
