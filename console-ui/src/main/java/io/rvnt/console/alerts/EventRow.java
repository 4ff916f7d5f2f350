package io.rvnt.console.alerts;

/** One line of the Events table, as text: something that happened once, such as a failover. */
public record EventRow(String time, String event, String detail) {}
