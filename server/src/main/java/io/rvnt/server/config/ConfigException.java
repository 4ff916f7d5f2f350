package io.rvnt.server.config;

/** A configuration error; its message is one line that names the offending key and never echoes secrets. */
public final class ConfigException extends Exception {
  private final String key;

  public ConfigException(String key, String reason) {
    super(key + ": " + reason);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
