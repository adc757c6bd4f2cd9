package dev.ferry.engine.criu;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One recognisable failure: a pattern for the line that proves it and the words to tell the user.
 * A summary may quote the pattern's groups as {@code {1}}, {@code {2}} so it can name the file or
 * socket concerned.
 */
record FailureRule(CriuFailure.Kind kind, Pattern evidence, String summary, String advice) {

  static FailureRule of(CriuFailure.Kind kind, String evidenceRegex, String summary, String advice) {
    return new FailureRule(kind, Pattern.compile(evidenceRegex, Pattern.CASE_INSENSITIVE), summary, advice);
  }

  /** The summary with this rule's groups filled in from a line it matched. */
  String summaryFor(Matcher match) {
    String text = summary;
    for (int i = 1; i <= match.groupCount(); i++) {
      String group = match.group(i);
      text = text.replace("{" + i + "}", group == null ? "" : group);
    }
    return text;
  }
}
