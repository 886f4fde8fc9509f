# The certificate dialog, its PDF preview and the lesson viewer: Poppler's Qt 6 binding renders the pages (Debian:
# libpoppler-qt6-dev, found through pkg-config as Debian ships no CMake package for it), Qt Print
# Support prints them and Qt Concurrent renders off the GUI thread. Included from
# widgets/CMakeLists.txt after madoguchi_widgets is defined.
#
# tests/support/poppler.cmake looks Poppler up the same way, with the same arguments: either may
# be included first. pkg_check_modules answers the second call from its cache, and the imported
# target is only created where it does not exist yet (it is directory-scoped, so each directory
# that links it gets its own).
if(NOT TARGET PkgConfig::POPPLER)
    find_package(PkgConfig REQUIRED)
    pkg_check_modules(POPPLER REQUIRED IMPORTED_TARGET poppler-qt6)
endif()
find_package(Qt6 REQUIRED COMPONENTS PrintSupport Concurrent)

target_sources(madoguchi_widgets PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/CertificateDialog.h
    ${CMAKE_CURRENT_LIST_DIR}/CertificateDialog.cpp
    ${CMAKE_CURRENT_LIST_DIR}/PdfPreview.h
    ${CMAKE_CURRENT_LIST_DIR}/PdfPreview.cpp
    ${CMAKE_CURRENT_LIST_DIR}/LessonViewer.h
    ${CMAKE_CURRENT_LIST_DIR}/LessonViewer.cpp)
target_link_libraries(madoguchi_widgets PRIVATE PkgConfig::POPPLER Qt6::PrintSupport
                      Qt6::Concurrent)
