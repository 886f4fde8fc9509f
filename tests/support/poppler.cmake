# Poppler's Qt 6 binding for the tests that read PDFs back (Debian: libpoppler-qt6-dev). Debian
# ships no CMake package for it, so it comes in through pkg-config. Included from
# tests/CMakeLists.txt after madoguchi_testsupport is defined.
find_package(PkgConfig REQUIRED)
pkg_check_modules(POPPLER REQUIRED IMPORTED_TARGET poppler-qt6)

target_sources(madoguchi_testsupport PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/PdfReader.h
    ${CMAKE_CURRENT_LIST_DIR}/PdfReader.cpp)
target_link_libraries(madoguchi_testsupport PUBLIC PkgConfig::POPPLER Qt6::Gui)
