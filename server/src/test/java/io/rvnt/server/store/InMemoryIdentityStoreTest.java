package io.rvnt.server.store;

class InMemoryIdentityStoreTest extends IdentityStoreContract {
  @Override
  IdentityStore open() {
    return new InMemoryIdentityStore();
  }
}
