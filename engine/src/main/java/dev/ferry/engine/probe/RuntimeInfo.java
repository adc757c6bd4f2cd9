package dev.ferry.engine.probe;

/**
 * A container runtime installed on a host (runc or Podman) and whether it can checkpoint there.
 * runc checkpoints through CRIU, so it needs a working CRIU; Podman needs CRIU and runc too, because
 * the other runtime it may pick, crun, is built without CRIU on Debian (field notes §4).
 *
 * @param ociRuntime the OCI runtime this one runs containers with: "runc" for runc itself, Podman's
 *     default from {@code podman info} (empty when it could not say)
 */
public record RuntimeInfo(String name, String path, String version, String ociRuntime, boolean canCheckpoint) {
  public static final String RUNC = "runc";
  public static final String PODMAN = "podman";
}
