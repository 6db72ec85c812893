# Error cases of the `refold` tool: one clear line on stderr and a non-zero exit each.
set(_td ${CMAKE_CURRENT_SOURCE_DIR}/testdata)
function(refold_cli_error name expect)
  add_test(NAME example.refold_error_${name}
    COMMAND ${CMAKE_COMMAND} "-DCMD=$<TARGET_FILE:refold>;${ARGN}" "-DEXPECT=${expect}"
            -P ${PROJECT_SOURCE_DIR}/cmake/CliErrorTest.cmake)
  set_tests_properties(example.refold_error_${name} PROPERTIES LABELS example)
endfunction()
refold_cli_error(missing_file "^refold: \\[views\\.trace\\.1\\] cannot open" replay ${_td}/no-such-trace.json.gz)
refold_cli_error(bad_gzip "^refold: \\[views\\.trace\\.2\\] bad gzip data" replay ${_td}/bad-gzip.gz)
refold_cli_error(malformed_json "^refold: \\[views\\.trace\\.3\\] malformed JSON" replay ${_td}/malformed.json)
refold_cli_error(content_mismatch "^refold: \\[views\\.trace\\.7\\] .*does not match" replay ${_td}/mismatch.json --json)
refold_cli_error(malformed_update "^refold: .*\\[crdt\\.decode\\.[0-9]+\\]" apply ${_td}/truncated-update.bin)
refold_cli_error(views_malformed_update "^refold: .*\\[crdt\\.decode\\.[0-9]+\\]" views ${_td}/truncated-update.bin)
foreach(sub demo replay apply inspect views)
  add_test(NAME example.refold_help_${sub} COMMAND refold ${sub} --help)
  set_tests_properties(example.refold_help_${sub} PROPERTIES LABELS example PASS_REGULAR_EXPRESSION "Usage")
endforeach()
# The demo exits non-zero unless peers converged and views equalled from-scratch everywhere.
add_test(NAME example.refold_demo_small COMMAND refold demo --ops 600 --peers 3 --json)
set_tests_properties(example.refold_demo_small PROPERTIES LABELS example)
# `refold replay` on every real editing trace in ../shared/traces (sequential and concurrent):
# each must end with the trace's endContent and views equal to from-scratch (the command exits
# non-zero otherwise). Not under sanitizers (minutes there); the asan job covers the same code
# through the views tests.
if(DEFINED REFOLD_SHARED_DIR)
  set(_shared "${REFOLD_SHARED_DIR}")
else()
  set(_shared "${PROJECT_SOURCE_DIR}/../shared")
endif()
file(GLOB _traces "${_shared}/traces/sequential/*.json.gz" "${_shared}/traces/concurrent/*.json.gz")
if(NOT _traces)
  message(STATUS "refold replay trace tests skipped: no traces under ${_shared}/traces")
elseif(NOT REFOLD_SANITIZE)
  foreach(_t IN LISTS _traces)
    get_filename_component(_kind "${_t}" DIRECTORY)
    get_filename_component(_kind "${_kind}" NAME)
    get_filename_component(_name "${_t}" NAME)
    string(REPLACE ".json.gz" "" _name "${_name}")
    add_test(NAME example.refold_replay_${_kind}_${_name} COMMAND refold replay ${_t})
    set_tests_properties(example.refold_replay_${_kind}_${_name} PROPERTIES LABELS "example;traces"
      PASS_REGULAR_EXPRESSION "final content matches the trace's endContent" TIMEOUT 600)
  endforeach()
endif()
