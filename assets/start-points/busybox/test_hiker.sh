. ./hiker.sh

failures=0

assert_equals() # test-name expected actual
{
  if [ "$2" = "$3" ]; then
    echo "PASSED $1"
  else
    echo "FAILED $1: expected <$2> but was <$3>"
    failures=$(( failures + 1 ))
  fi
}

test_life_the_universe_and_everything()
{
  assert_equals life_the_universe_and_everything 42 "$(answer)"
}

test_life_the_universe_and_everything

if [ "$failures" -eq 0 ]; then
  echo "All tests passed"
else
  echo "$failures test(s) failed"
  exit 1
fi
