#!/bin/bash

source ./hiker.sh

function test_life_the_universe_and_everything()
{
  local expected=42
  local actual
  actual=$(answer)
  assertEquals "answer" "${expected}" "${actual}"
}

# load and run shUnit2 (found on the PATH)
source shunit2
