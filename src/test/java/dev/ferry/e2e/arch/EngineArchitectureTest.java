package dev.ferry.e2e.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class EngineArchitectureTest {

  @Test
  void engineDependsOnNoJavaFx() {
    JavaClasses engine = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.ferry.engine");
    // Guard against a vacuous pass: the engine's classes really were found on the classpath.
    assertThat(engine.size()).isGreaterThan(20);
    EngineLayerRules.noJavaFxIn("dev.ferry.engine..").check(engine);
  }

  @Test
  void ruleCatchesAnEngineClassThatTouchesJavaFx() {
    JavaClasses leaky = new ClassFileImporter().importClasses(dev.ferry.e2e.arch.fixture.LeakyEngineClass.class);
    assertThatThrownBy(() -> EngineLayerRules.noJavaFxIn("dev.ferry.e2e.arch.fixture..").check(leaky))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("javafx.beans.property.SimpleStringProperty");
  }
}
