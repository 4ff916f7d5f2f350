package io.rvnt.protocol.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsernamesTest {
  @ParameterizedTest
  @ValueSource(strings = {"abc", "alice", "a_1", "z0123456789012345678901234567890", "bob_the_builder"})
  void acceptsLowercaseNamesStartingWithALetter(String name) {
    assertThat(Usernames.isValid(name)).as("%s follows ^[a-z][a-z0-9_]{2,31}$", name).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ab", "a", "a0123456789012345678901234567890x"})
  void refusesNamesOutsideThreeToThirtyTwoCharacters(String name) {
    assertThat(Usernames.isValid(name)).as("length %d", name.length()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Alice", "alicE", "1alice", "_alice", "ali-ce", "ali ce", "ali/ce", "ali:ce", "ali%ce",
      "ali\u0000ce", "alicé", "ａlice", "alice\n"})
  void refusesCharactersOutsideTheRuleWithoutNormalising(String name) {
    assertThat(Usernames.isValid(name)).as("no normalisation for %s", name).isFalse();
  }

  @org.junit.jupiter.api.Test
  void refusesNull() {
    assertThat(Usernames.isValid(null)).isFalse();
  }
}
