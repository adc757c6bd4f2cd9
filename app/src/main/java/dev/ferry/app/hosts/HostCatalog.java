package dev.ferry.app.hosts;

import java.util.List;

/** The hosts the user can name (from ssh config and the running lab), and the way to open one for a pane. */
public interface HostCatalog extends HostsViewModel.Opener {
  List<String> names();

  List<String> labNames();
}
