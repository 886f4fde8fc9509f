#pragma once
// Roles and the permissions each grants. Later modules check permissions, never role names.

#include <QList>
#include <QSet>
#include <QString>
#include <optional>

namespace madoguchi {

enum class Role { Clerk, CardIssuer, Supervisor, DisasterStaff, Trainee, Admin };

enum class Permission {
    ViewResidents,       // 住民検索・閲覧
    EditResidents,       // 異動の入力
    ViewFullMyNumber,    // 個人番号の全桁表示 (reason recorded)
    ApproveCorrections,  // 職権修正の承認
    IssueCards,          // マイナンバーカード交付
    RequestCertificates, // 電子証明書・証明書交付
    ManageDisaster,      // 被災者台帳・避難所
    TakeTraining,        // 研修の受講
    ViewTrainingRecords, // 研修記録の閲覧
    ManageOperators,     // 職員アカウントの管理
    UnlockOperators,     // ロック解除
    ManageSettings,      // 設置設定
    ImportReferenceData, // 参照データの更新
    Sync,                // 同期
    ViewAudit,           // 操作ログの閲覧
};

namespace roles {
QList<Role> all();
QString id(Role role); // "card_issuer"
std::optional<Role> fromId(const QString& id);
QString displayName(Role role); // translated: 窓口担当 …
QSet<Permission> permissions(Role role);
QSet<Permission> permissions(const QList<Role>& roles);
QString permissionName(Permission p); // translated
QList<Permission> allPermissions();
} // namespace roles

} // namespace madoguchi
