package dev.ferry.app.migration;

/** For tests in other packages: the sheet's wording of what a client saw. */
public final class MigrationViewModelAccess {
  private MigrationViewModelAccess() {}

  public static String clientSaw(dev.ferry.engine.migration.ClientGap gap) {
    return MigrationViewModel.clientSawText(gap);
  }
}
