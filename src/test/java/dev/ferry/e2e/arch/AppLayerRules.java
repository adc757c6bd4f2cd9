package dev.ferry.e2e.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.lang.ArchRule;
import java.util.concurrent.Future;

/**
 * The app's MVVM rules, defined once and applied to the real app and to deliberately bad fixtures:
 * views live in the app, views never reach into the engine, and nothing in the app blocks a thread
 * except the one door (the tasks package).
 */
final class AppLayerRules {
  private AppLayerRules() {}

  /** A view: anything on screen (a Node or a Window), or a class named as one (XxxView, XxxDialog). */
  static final DescribedPredicate<JavaClass> VIEW = new DescribedPredicate<>("views (javafx Node or Window subclasses, *View, *Dialog)") {
    @Override
    public boolean test(JavaClass c) {
      return c.isAssignableTo("javafx.scene.Node") || c.isAssignableTo("javafx.stage.Window")
          || c.getSimpleName().endsWith("View") || c.getSimpleName().endsWith("Dialog");
    }
  };

  /** join()/get() on a future, Thread.sleep, or a new Thread. */
  static final DescribedPredicate<JavaCall<?>> BLOCKING_OR_THREADING = new DescribedPredicate<>(
      "join()/get() on a Future, Thread.sleep or new Thread") {
    @Override
    public boolean test(JavaCall<?> call) {
      JavaClass owner = call.getTargetOwner();
      String name = call.getName();
      if (owner.isAssignableTo(Future.class) && (name.equals("get") || name.equals("join"))) {
        return true;
      }
      return owner.isAssignableTo(Thread.class) && (name.equals("sleep") || name.equals(JavaConstructor.CONSTRUCTOR_NAME));
    }
  };

  static ArchRule viewsOnlyIn(String appPackages) {
    return classes().that(VIEW).and().resideInAPackage("dev.ferry..").should().resideInAPackage(appPackages)
        .because("the engine and everything else stay free of UI; views belong to the app")
        .allowEmptyShould(true);
  }

  static ArchRule viewsDoNotCallTheEngine(String appPackages) {
    return noClasses().that(VIEW).and().resideInAPackage(appPackages)
        .should().dependOnClassesThat().resideInAPackage("dev.ferry.engine..")
        .because("a view binds to its view model and forwards events; the view model calls the engine")
        .allowEmptyShould(false);
  }

  static ArchRule nothingBlocksOutsideTheTasksDoor(String appPackages, String tasksPackages) {
    return noClasses().that().resideInAPackage(appPackages).and().resideOutsideOfPackage(tasksPackages)
        .should().callCodeUnitWhere(BLOCKING_OR_THREADING)
        .because("background work has one door (BackgroundTask, TaskExecutor); nothing may block the FX thread")
        .allowEmptyShould(false);
  }
}
