package io.rvnt.operator.instances;

/** The life cycle of an instance's process, as its owner sees it. Health is observed separately. */
public enum InstanceState {
  STOPPED,
  STARTING,
  RUNNING,
  STOPPING,
  /** The process ended without being asked to, or never became ready. */
  FAILED
}
