package dev.ferry.e2e.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.ferry.e2e.arch.fixture.StrayView;
import dev.ferry.e2e.arch.fixture.app.BlockingViewModel;
import dev.ferry.e2e.arch.fixture.app.EngineCallingView;
import dev.ferry.e2e.arch.fixture.app.tasks.SleepingExecutor;
import org.junit.jupiter.api.Test;

class AppArchitectureTest {
  private static final String APP = "dev.ferry.app..";

  private static JavaClasses ferry() {
    JavaClasses all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.ferry.app", "dev.ferry.engine");
    // Guard against a vacuous pass: both modules' classes really were found.
    assertThat(all.stream().filter(c -> c.getPackageName().startsWith("dev.ferry.app")).count()).isGreaterThan(20);
    assertThat(all.stream().filter(c -> c.getPackageName().startsWith("dev.ferry.engine")).count()).isGreaterThan(20);
    return all;
  }

  @Test
  void viewsLiveOnlyInTheApp() {
    AppLayerRules.viewsOnlyIn(APP).check(ferry());
  }

  @Test
  void viewsNeverCallTheEngine() {
    AppLayerRules.viewsDoNotCallTheEngine(APP).check(ferry());
  }

  @Test
  void nothingInTheAppBlocksOrMakesThreadsOutsideTheTasksPackage() {
    AppLayerRules.nothingBlocksOutsideTheTasksDoor(APP, "dev.ferry.app.tasks..").check(ferry());
  }

  @Test
  void theViewsRuleCatchesAViewOutsideTheApp() {
    JavaClasses stray = new ClassFileImporter().importClasses(StrayView.class);
    assertThatThrownBy(() -> AppLayerRules.viewsOnlyIn("dev.ferry.e2e.arch.fixture.app..").check(stray))
        .isInstanceOf(AssertionError.class).hasMessageContaining("StrayView");
  }

  @Test
  void theEngineRuleCatchesAViewThatProbesAHostItself() {
    JavaClasses bad = new ClassFileImporter().importClasses(EngineCallingView.class);
    assertThatThrownBy(() -> AppLayerRules.viewsDoNotCallTheEngine("dev.ferry.e2e.arch.fixture.app..").check(bad))
        .isInstanceOf(AssertionError.class).hasMessageContaining("dev.ferry.engine.probe.HostProbe");
  }

  @Test
  void theBlockingRuleCatchesJoinGetSleepAndNewThreadButNotInTheTasksPackage() {
    JavaClasses bad = new ClassFileImporter().importClasses(BlockingViewModel.class, SleepingExecutor.class);
    assertThatThrownBy(() -> AppLayerRules.nothingBlocksOutsideTheTasksDoor("dev.ferry.e2e.arch.fixture.app..",
        "dev.ferry.e2e.arch.fixture.app.tasks..").check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("CompletableFuture.join()")
        .hasMessageContaining("Future.get(long, java.util.concurrent.TimeUnit)")
        .hasMessageContaining("Thread.sleep(long)")
        .hasMessageContaining("Thread.<init>(java.lang.Runnable)")
        .hasMessageNotContaining("SleepingExecutor");
  }
}
