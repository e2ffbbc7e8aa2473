# persona_add_test(NAME SOURCES... [PLUGINS plugin_targets...]): one Catch2 test program run by CTest.
# Tests may load the built plugins from persona::kernel::build_plugin_dir().
function(persona_add_test name)
  cmake_parse_arguments(ARG "" "" "PLUGINS" ${ARGN})
  add_executable(${name} ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE persona_test_main persona_kernel)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
  target_compile_definitions(${name} PRIVATE
    PERSONA_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    PERSONA_BINARY_DIR="${CMAKE_BINARY_DIR}"
    PERSONA_DATA_DIR="${PROJECT_SOURCE_DIR}/../shared/data")
  if(ARG_PLUGINS)
    add_dependencies(${name} ${ARG_PLUGINS})
  endif()
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
endfunction()
