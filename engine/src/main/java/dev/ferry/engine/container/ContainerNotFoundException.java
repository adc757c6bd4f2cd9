package dev.ferry.engine.container;

/** The named container does not exist on that host. */
public class ContainerNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ContainerNotFoundException(String host, ContainerName id, String runtime) {
    super("There is no " + runtime + " container named '" + id + "' on " + host + ".");
  }
}
