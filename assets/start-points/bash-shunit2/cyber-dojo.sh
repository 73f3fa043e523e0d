# Runs every test_*.sh file with shunit2 (Debian's /usr/bin/shunit2).
# Exit status: that of the last test file that failed, else 0.
export SHUNIT_COLOR=none
status=0
for test_file in ./test_*.sh; do
  bash "${test_file}" || status=$?
done
exit ${status}
