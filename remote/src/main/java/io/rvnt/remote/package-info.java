/** Managing RVNT hosts over SSH. */
package io.rvnt.remote;
