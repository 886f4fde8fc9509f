# Printed documents (certificates as PDF), drawn with cairo and pango so that the text in the PDF
# is exactly the text written. Debian: libcairo2-dev, libpango1.0-dev, fonts-noto-cjk. Included
# from core/CMakeLists.txt after madoguchi_core is defined.
find_package(PkgConfig REQUIRED)
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo cairo-pdf)

target_sources(madoguchi_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/ResidentRecordPdf.h
    ${CMAKE_CURRENT_LIST_DIR}/ResidentRecordPdf.cpp
    ${CMAKE_CURRENT_LIST_DIR}/PangoPdf.h
    ${CMAKE_CURRENT_LIST_DIR}/PangoPdf.cpp
    ${CMAKE_CURRENT_LIST_DIR}/CardNoticePdf.h
    ${CMAKE_CURRENT_LIST_DIR}/CardNoticePdf.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ShelterRosterPdf.h
    ${CMAKE_CURRENT_LIST_DIR}/ShelterRosterPdf.cpp
    ${CMAKE_CURRENT_LIST_DIR}/CertificateService.h
    ${CMAKE_CURRENT_LIST_DIR}/CertificateService.cpp
    ${CMAKE_CURRENT_LIST_DIR}/DamageCertificatePdf.h
    ${CMAKE_CURRENT_LIST_DIR}/DamageCertificatePdf.cpp
    ${CMAKE_CURRENT_LIST_DIR}/CompletionCertificatePdf.h
    ${CMAKE_CURRENT_LIST_DIR}/CompletionCertificatePdf.cpp)
target_link_libraries(madoguchi_core PRIVATE PkgConfig::PANGOCAIRO)
