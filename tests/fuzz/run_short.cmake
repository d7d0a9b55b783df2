# Runs one fuzz target for a bounded time: the fuzz.<target>.short test.
#
#   cmake -DFUZZER=... -DCORPUS=... -DREGRESSIONS=... -DWORK_DIR=...
#         -DSECONDS=... -DMAX_LEN=... -P run_short.cmake
#
# The corpus is copied to WORK_DIR/corpus first and the fuzzer writes only
# there (new inputs) and to WORK_DIR/artifacts (crashes), never into the
# source tree. On success it prints libFuzzer's "Done N runs in S
# second(s)" and final stats; on failure, the end of the log with the
# crash report. The whole log is WORK_DIR/fuzz.log either way.
foreach(var FUZZER CORPUS WORK_DIR SECONDS MAX_LEN)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_short.cmake needs -D${var}=...")
  endif()
endforeach()

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/corpus ${WORK_DIR}/artifacts)
file(COPY ${CORPUS}/ DESTINATION ${WORK_DIR}/corpus)

set(args
  -max_total_time=${SECONDS}
  -max_len=${MAX_LEN}
  -timeout=60
  -print_final_stats=1
  -artifact_prefix=${WORK_DIR}/artifacts/
  ${WORK_DIR}/corpus)
# Read, not written: libFuzzer adds new inputs to the first directory only.
if(DEFINED REGRESSIONS AND EXISTS ${REGRESSIONS})
  list(APPEND args ${REGRESSIONS})
endif()

execute_process(COMMAND ${FUZZER} ${args}
  RESULT_VARIABLE result
  OUTPUT_VARIABLE log
  ERROR_VARIABLE log)
file(WRITE ${WORK_DIR}/fuzz.log "${log}")

if(NOT result EQUAL 0)
  string(LENGTH "${log}" length)
  set(tail_start 0)
  if(length GREATER 20000)
    math(EXPR tail_start "${length} - 20000")
  endif()
  string(SUBSTRING "${log}" ${tail_start} -1 tail)
  message("${tail}")
  message(FATAL_ERROR
    "${FUZZER} failed (${result}); the crashing input is in "
    "${WORK_DIR}/artifacts (tests/fuzz/README.md: turning a crash into a "
    "regression). Full log: ${WORK_DIR}/fuzz.log")
endif()

string(REGEX MATCH "Done [0-9]+ runs in [0-9]+ second\\(s\\)" done "${log}")
if(NOT done)
  message(FATAL_ERROR "no \"Done N runs\" line in ${WORK_DIR}/fuzz.log")
endif()
message("${done}")
string(REGEX MATCHALL "stat::[a-z_]+: *[0-9]+" stats "${log}")
foreach(stat IN LISTS stats)
  message("${stat}")
endforeach()
