package dev.ferry.engine.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Vector;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Adapters between JSch's callback interfaces and Ferry's: host-key checks go to a
 * {@link HostKeyVerifier}, secrets are asked through {@link CredentialsPrompt}, and key files plus
 * agent keys are offered together. Each adapter remembers what happened, so a failed login can be
 * explained in plain words instead of JSch's "Auth fail".
 */
final class JSchBridge {
  private JSchBridge() {}

  /** Routes JSch's host-key question to the verifier, and keeps its refusal for the error message. */
  static final class VerifyingRepository implements HostKeyRepository {
    private final SshTarget target;
    private final HostKeyVerifier verifier;
    final AtomicReference<SshException.HostKeyRejected> rejection = new AtomicReference<>();

    VerifyingRepository(SshTarget target, HostKeyVerifier verifier) {
      this.target = target;
      this.verifier = verifier;
    }

    @Override
    public int check(String host, byte[] key) {
      try {
        verifier.verify(target, HostKeyInfo.of(target.knownHostsName(), key));
        return OK;
      } catch (SshException.HostKeyRejected e) {
        rejection.set(e);
        return e.changed() ? CHANGED : NOT_INCLUDED;
      }
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
      // Remembering keys is the verifier's job; JSch never adds on its own with strict checking.
    }

    @Override
    public void remove(String host, String type) {}

    @Override
    public void remove(String host, String type, byte[] key) {}

    @Override
    public String getKnownHostsRepositoryID() {
      return "ferry";
    }

    @Override
    public HostKey[] getHostKey() {
      return new HostKey[0];
    }

    /** Tells JSch which key types are remembered, so the server is asked for one of those first. */
    @Override
    public HostKey[] getHostKey(String host, String type) {
      List<HostKey> keys = new ArrayList<>();
      for (Path f : target.knownHostsFiles()) {
        try {
          for (String t : new KnownHostsFile(f).knownTypes(target.knownHostsName())) {
            if (type == null || type.equals(t)) {
              keys.add(new HostKey(target.knownHostsName(), HostKey.GUESS, placeholderBlob(t)));
            }
          }
        } catch (IOException | JSchException e) {
          // An unreadable file only loses the preference; verification reads it again and reports.
        }
      }
      return keys.toArray(new HostKey[0]);
    }

    private static byte[] placeholderBlob(String type) {
      byte[] name = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      byte[] blob = new byte[4 + name.length];
      blob[3] = (byte) name.length;
      System.arraycopy(name, 0, blob, 4, name.length);
      return blob;
    }
  }

  /**
   * Answers JSch's prompts through CredentialsPrompt, asking the person for each secret at most once
   * per login. JSch itself re-prompts: up to 5 times for a key's passphrase and until MaxAuthTries for
   * the password. Being asked again for a secret already given is how a wrong one shows, so that is
   * recorded for the error message, and the repeat is answered without bothering anyone: no
   * passphrase (JSch then skips that key and tries the next) or a cancelled password (the last
   * method). A passphrase the person declines to give likewise skips only that key.
   */
  static final class Prompts implements UserInfo {
    private final SshTarget target;
    private final CredentialsPrompt prompt;
    private final Set<Path> passphraseAsked = new HashSet<>();
    private final Set<Path> passphraseGiven = new HashSet<>();
    private String secret;
    volatile Path wrongPassphraseKey;
    volatile Path passphraseMissingKey;
    /** A password was sent; as the last method tried, it was refused if the login failed. */
    volatile boolean passwordGiven;

    Prompts(SshTarget target, CredentialsPrompt prompt) {
      this.target = target;
      this.prompt = prompt;
    }

    @Override
    public String getPassphrase() {
      return takeSecret();
    }

    @Override
    public String getPassword() {
      return takeSecret();
    }

    @Override
    public boolean promptPassword(String message) {
      if (passwordGiven) {
        return false;
      }
      passwordGiven = store(prompt.password(target).orElse(null));
      return passwordGiven;
    }

    @Override
    public boolean promptPassphrase(String message) {
      String file = message.startsWith("Passphrase for ") ? message.substring("Passphrase for ".length()) : message;
      Path key = Path.of(file);
      secret = null;
      if (passphraseAsked.add(key)) {
        if (store(prompt.passphrase(target, key).orElse(null))) {
          passphraseGiven.add(key);
        } else {
          passphraseMissingKey = key;
        }
      } else if (passphraseGiven.contains(key)) {
        wrongPassphraseKey = key;
      }
      // Without a secret JSch gives up on this key and tries the next key, then the password.
      return true;
    }

    @Override
    public boolean promptYesNo(String message) {
      return false; // host keys are decided by the verifier, never by a yes/no prompt here
    }

    @Override
    public void showMessage(String message) {}

    private boolean store(char[] value) {
      if (value == null) {
        return false;
      }
      secret = new String(value);
      Arrays.fill(value, '\0');
      return true;
    }

    private String takeSecret() {
      String s = secret;
      secret = null;
      return s;
    }
  }

  /** Offers agent keys first, then key files, as OpenSSH does. */
  static class CombinedIdentities implements IdentityRepository {
    private final List<IdentityRepository> parts;

    CombinedIdentities(List<IdentityRepository> parts) {
      this.parts = parts;
    }

    @Override
    public String getName() {
      return "ferry";
    }

    @Override
    public int getStatus() {
      return RUNNING;
    }

    @Override
    public Vector<Identity> getIdentities() {
      Vector<Identity> all = new Vector<>();
      for (IdentityRepository r : parts) {
        try {
          all.addAll(r.getIdentities());
        } catch (RuntimeException agentGone) {
          // An agent that stopped answering just offers nothing.
        }
      }
      return all;
    }

    @Override
    public boolean add(byte[] identity) {
      return false;
    }

    @Override
    public boolean remove(byte[] blob) {
      return false;
    }

    @Override
    public void removeAll() {}
  }
}
