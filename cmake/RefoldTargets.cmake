# Interface targets that carry refold's warning and sanitizer flags. They are linked
# PRIVATE to refold's own targets only; nothing here touches global flags.
add_library(refold_warnings INTERFACE)
target_compile_options(refold_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  $<$<BOOL:${REFOLD_WERROR}>:-Werror>)

add_library(refold_sanitizers INTERFACE)
if(REFOLD_SANITIZE)
  list(JOIN REFOLD_SANITIZE "," _refold_san)
  target_compile_options(refold_sanitizers INTERFACE
    -fsanitize=${_refold_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(refold_sanitizers INTERFACE -fsanitize=${_refold_san})
endif()
if(REFOLD_FUZZ)  # coverage instrumentation for libFuzzer on everything of ours
  target_compile_options(refold_sanitizers INTERFACE -fsanitize=fuzzer-no-link)
endif()

# Applies refold's flags to one of its own (non-INTERFACE) targets.
function(refold_flags target)
  target_link_libraries(${target} PRIVATE
    $<BUILD_INTERFACE:refold_warnings> $<BUILD_INTERFACE:refold_sanitizers>)
endfunction()

# refold_module(name [DEPENDS targets...]): library target refold_<name> / refold::<name>
# from the .cpp files under <name>/; INTERFACE while the folder has no .cpp yet.
function(refold_module name)
  cmake_parse_arguments(M "" "" "DEPENDS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${name}/*.cpp)
  set(t refold_${name})
  if(srcs)
    add_library(${t} STATIC ${srcs})
    target_include_directories(${t} PUBLIC
      $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}> $<INSTALL_INTERFACE:include/refold>)
    target_compile_features(${t} PUBLIC cxx_std_20)
    target_link_libraries(${t} PUBLIC ${M_DEPENDS})
    set_target_properties(${t} PROPERTIES POSITION_INDEPENDENT_CODE ON)
    refold_flags(${t})
  else()
    add_library(${t} INTERFACE)
    target_include_directories(${t} INTERFACE
      $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}> $<INSTALL_INTERFACE:include/refold>)
    target_compile_features(${t} INTERFACE cxx_std_20)
    target_link_libraries(${t} INTERFACE ${M_DEPENDS})
  endif()
  set_target_properties(${t} PROPERTIES EXPORT_NAME ${name})
  add_library(refold::${name} ALIAS ${t})
  set_property(GLOBAL APPEND PROPERTY REFOLD_MODULES ${t})
endfunction()
