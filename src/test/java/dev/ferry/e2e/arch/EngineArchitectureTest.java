package dev.ferry.e2e.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EngineArchitectureTest {
  private static final String FIXTURE = "dev.ferry.e2e.arch.fixture.engine";
  private static JavaClasses engine;

  @BeforeAll
  static void importEngine() {
    engine = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.ferry.engine");
    // Guard against a vacuous pass: the engine's classes really were found on the classpath.
    assertThat(engine.size()).isGreaterThan(20);
    assertThat(engine.containPackage("dev.ferry.engine.migration")).isTrue();
    assertThat(engine.containPackage("dev.ferry.engine.ssh")).isTrue();
  }

  @Test
  void engineDependsOnNoJavaFx() {
    EngineLayerRules.noJavaFxIn("dev.ferry.engine..").check(engine);
  }

  @Test
  void sshIsBelowWhatHostsRunAndMigrationIsAboveThem() {
    EngineLayerRules.layers("dev.ferry.engine").check(engine);
  }

  @Test
  void theEnginesPackagesHaveNoCycles() {
    EngineLayerRules.noCycles("dev.ferry.engine").check(engine);
  }

  @Test
  void ruleCatchesAnEngineClassThatTouchesJavaFx() {
    JavaClasses leaky = new ClassFileImporter().importClasses(dev.ferry.e2e.arch.fixture.LeakyEngineClass.class);
    assertThatThrownBy(() -> EngineLayerRules.noJavaFxIn("dev.ferry.e2e.arch.fixture..").check(leaky))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("javafx.beans.property.SimpleStringProperty");
  }

  @Test
  void layerAndCycleRulesCatchSshReachingUpIntoMigration() {
    JavaClasses bad = new ClassFileImporter().importPackages(FIXTURE);
    assertThat(bad.size()).isGreaterThanOrEqualTo(3);
    assertThatThrownBy(() -> EngineLayerRules.layers(FIXTURE).check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("SessionThatMigrates");
    assertThatThrownBy(() -> EngineLayerRules.noCycles(FIXTURE).check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected");
  }
}
