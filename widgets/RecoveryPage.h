#pragma once
// 復旧・生活再建支援: disaster recovery for the current disaster. Tabs:
//  - Dashboard (RecoveryDashboard): dwellings and certificates by damage grade, payments by
//    state with their totals, payment reminders, relief-supply warnings;
//  - Surveys & certificates: the buildings, a new building with its first survey or a
//    re-survey (the grade shown live as the loss share is typed, photos attached as files),
//    the survey history of a building; certificate applications (by the victim or a proxy with
//    a power of attorney), decision and issuance as a numbered PDF shown with Print;
//  - Support payments: the applications per household with their state, a new application
//    (the amount shown before it is saved), review / paid / rejected with a reason, and the
//    amount table (editable by staff who may manage the disaster);
//  - Temporary housing: units, applications (要配慮者 first), assignment, move-in, move-out;
//  - Relief supplies: items with their stock per location and expiry, requests from shelters
//    with their priority, committed → sent → received, warnings highlighted.
// Every list has "Export CSV…". A change marks every tab out of date; the tab shown is
// reloaded at once, the others when they are shown. F5 reloads.

#include "AppContext.h"

#include <QSet>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableWidget;

namespace madoguchi {

class PdfPreview;
class RecoveryDashboard;

class RecoveryPage : public QWidget
{
    Q_OBJECT
public:
    enum Tab { DashboardTab, SurveysTab, PaymentsTab, HousingTab, SuppliesTab };

    explicit RecoveryPage(AppContext* context, QWidget* parent = nullptr);

    qint64 disasterId() const { return m_disasterId; }
    QTabWidget* tabs() const { return m_tabs; }
    RecoveryDashboard* dashboard() const { return m_dashboard; }
    PdfPreview* certificatePreview() const { return m_preview; }

    // Reloads the disaster, then the tab shown (the others when shown). Also when the page is
    // shown.
    void refresh();
    // Where the issued certificates are written (under the application's data folder).
    static QString certificateFolder();

protected:
    void showEvent(QShowEvent* e) override;

private:
    QWidget* buildSurveys();
    QWidget* buildPayments();
    QWidget* buildHousing();
    QWidget* buildSupplies();
    void changed();
    void reloadShown();
    void reloadSurveys();
    void reloadHistory();
    void reloadCertificates();
    void reloadPayments();
    void reloadHousing();
    void reloadSupplies();
    void reloadStock();
    // Surveys & certificates
    void lossEdited();
    void attachPhotos();
    void addBuilding();
    void resurvey();
    void applyCertificate();
    void decideCertificate();
    void issueCertificate();
    // Payments
    void paymentInputChanged();
    void applyPayment();
    void advancePayment(const QString& to);
    void saveAmounts();
    // Housing
    void addUnit();
    void applyHousing();
    void assignUnit();
    void assignNext();
    void moveHousing(const QString& how);
    // Supplies
    void addItem();
    void receiveStock();
    void requestSupplies();
    void moveRequest(const QString& to);

    void say(QLabel* label, const QString& text, bool error);
    static qint64 selectedId(const QTableWidget* table);

    AppContext* m_ctx;
    qint64 m_disasterId = 0;
    QLabel* m_disasterName;
    QLabel* m_pageMessage;
    QTabWidget* m_tabs;
    RecoveryDashboard* m_dashboard;
    QSet<int> m_stale;
    // Surveys & certificates
    QTableWidget* m_buildings;
    QTableWidget* m_history;
    QLineEdit* m_address;
    QLineEdit* m_owner;
    QLineEdit* m_residents;
    QCheckBox* m_nonResidential;
    QLineEdit* m_loss;
    QLabel* m_grade;
    QLineEdit* m_surveyor;
    QDateEdit* m_surveyDate;
    QComboBox* m_round;
    QLineEdit* m_notes;
    QLineEdit* m_requestReason;
    QLabel* m_photoList;
    QStringList m_photos;
    QLabel* m_surveyMessage;
    QTableWidget* m_certificates;
    QLineEdit* m_applicant;
    QCheckBox* m_proxy;
    QCheckBox* m_attorney;
    QLabel* m_certificateMessage;
    PdfPreview* m_preview;
    // Payments
    QTableWidget* m_payments;
    QLineEdit* m_household;
    QComboBox* m_part;
    QComboBox* m_payGrade;
    QComboBox* m_rebuild;
    QSpinBox* m_members;
    QLabel* m_amount;
    QLineEdit* m_rejectReason;
    QTableWidget* m_amounts;
    QPushButton* m_saveAmounts;
    QLabel* m_paymentMessage;
    // Housing
    QTableWidget* m_units;
    QTableWidget* m_applications;
    QLineEdit* m_site;
    QComboBox* m_unitType;
    QLineEdit* m_unitSize;
    QCheckBox* m_accessible;
    QLineEdit* m_housingHousehold;
    QSpinBox* m_housingMembers;
    QLabel* m_housingMessage;
    // Supplies
    QTableWidget* m_items;
    QTableWidget* m_stock;
    QTableWidget* m_requests;
    QLineEdit* m_itemName;
    QLineEdit* m_itemUnit;
    QSpinBox* m_lowStock;
    QLineEdit* m_stockLocation;
    QSpinBox* m_stockQuantity;
    QCheckBox* m_expires;
    QDateEdit* m_expiry;
    QComboBox* m_requestShelter;
    QSpinBox* m_requestQuantity;
    QComboBox* m_priority;
    QLineEdit* m_fromLocation;
    QLabel* m_supplyMessage;
};

} // namespace madoguchi
