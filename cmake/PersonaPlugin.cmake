# persona_add_plugin(NAME SOURCES...): a plugin shared library placed where the CLI finds it.
# Used in-tree and, through find_package(Persona), by out-of-tree plugins.
function(persona_add_plugin name)
  add_library(${name} MODULE ${ARGN})
  if(TARGET persona_sdk)
    target_link_libraries(${name} PRIVATE persona_sdk)
  else()
    target_link_libraries(${name} PRIVATE Persona::persona_sdk)
  endif()
  set_target_properties(${name} PROPERTIES PREFIX "" CXX_VISIBILITY_PRESET hidden)
  if(PERSONA_PLUGIN_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${PERSONA_PLUGIN_OUTPUT_DIR})
  endif()
endfunction()
