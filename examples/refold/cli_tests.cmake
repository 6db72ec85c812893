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
