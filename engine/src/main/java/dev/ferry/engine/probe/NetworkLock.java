package dev.ferry.engine.probe;

/**
 * How CRIU will keep a container's network quiet between dump and restore on a host. CRIU uses
 * iptables unless its configuration says {@code network-lock nftables} (CRIU 4.2.1+, field notes
 * §4); the iptables lock runs {@code iptables-restore}, the nftables lock needs a CRIU built with
 * libnftables (its {@code network_lock_nftables} feature).
 *
 * @param configured the {@code network-lock} setting from CRIU's configuration files, empty if none
 * @param configuredIn the file that setting came from, empty if none
 * @param iptablesRestore whether {@code iptables-restore} is installed
 * @param nft whether the {@code nft} tool is installed (not needed by CRIU, useful to people)
 * @param criuNftables whether this host's CRIU can lock with nftables
 */
public record NetworkLock(String configured, String configuredIn, boolean iptablesRestore, boolean nft, boolean criuNftables) {
  public static final String IPTABLES = "iptables";
  public static final String NFTABLES = "nftables";

  /** The backend CRIU will use: the configured one, else its default. */
  public String backend() {
    return configured.isEmpty() ? IPTABLES : configured;
  }

  public boolean usable() {
    return NFTABLES.equals(backend()) ? criuNftables : iptablesRestore;
  }
}
