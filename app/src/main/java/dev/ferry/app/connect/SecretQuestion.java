package dev.ferry.app.connect;

/** What the secret dialog asks: a title ("Passphrase for a key"), and which key or host it is for. */
public record SecretQuestion(String title, String forWhat) {}
