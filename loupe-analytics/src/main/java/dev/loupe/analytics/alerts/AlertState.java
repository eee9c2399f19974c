package dev.loupe.analytics.alerts;

/** Where an alert is: the condition holds for less than {@code for}, for longer, or stopped. */
public enum AlertState {
  INACTIVE,
  PENDING,
  FIRING,
  RESOLVED
}
