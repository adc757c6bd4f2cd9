package dev.ferry.e2e.lab;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Lab tests need Linux and root (namespaces, mounts, cgroups). Where those are missing the tests are
 * skipped with that reason, except under CI, where a skipped lab test would hide that the real hosts
 * were never exercised: there the missing prerequisite fails the run.
 */
public final class LabCondition implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String missing = null;
    if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
      missing = "the lab needs Linux (this is " + System.getProperty("os.name") + ")";
    } else if (!"root".equals(System.getProperty("user.name"))) {
      missing = "the lab needs root: it creates network namespaces, mounts and cgroups";
    }
    if (missing == null) {
      return ConditionEvaluationResult.enabled("Linux and root: the lab can run");
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the lab tests, but " + missing);
    }
    return ConditionEvaluationResult.disabled(missing);
  }
}
