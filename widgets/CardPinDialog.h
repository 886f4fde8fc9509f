#pragma once
// The card holder types a PIN at the counter. The dialog shows which PIN and how many tries
// are left; with one try left it asks the clerk to confirm that the holder is sure, since a
// wrong PIN then locks the card. A PIN of the wrong form cannot be sent.

#include "card/MyNumberCard.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLineEdit;

namespace madoguchi {

class CardPinDialog : public QDialog
{
    Q_OBJECT
public:
    CardPinDialog(card::Pin pin, int triesLeft, QWidget* parent = nullptr);

    QString pin() const;
    bool lastTryConfirmed() const;

private:
    void updateState();

    card::Pin m_pin;
    int m_tries;
    QLineEdit* m_edit;
    QCheckBox* m_confirm = nullptr;
    QDialogButtonBox* m_buttons;
};

} // namespace madoguchi
