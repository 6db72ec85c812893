include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

get_property(_mods GLOBAL PROPERTY REFOLD_MODULES)
install(TARGETS ${_mods} refold_refold EXPORT refoldTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION include/refold)
foreach(dir incr schemes crdt views)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/ DESTINATION include/refold/${dir}
          FILES_MATCHING PATTERN "*.hpp")
endforeach()
install(EXPORT refoldTargets NAMESPACE refold:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/refold)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/refoldConfig.cmake.in
  ${PROJECT_BINARY_DIR}/refoldConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/refold)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/refoldConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/refoldConfig.cmake ${PROJECT_BINARY_DIR}/refoldConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/refold)
