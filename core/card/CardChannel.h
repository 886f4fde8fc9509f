#pragma once
// Where APDUs go: a card in a PC/SC reader, or, in a unit test of one class, a scripted fake.

#include "card/Apdu.h"

namespace madoguchi::card {

class CardChannel
{
public:
    virtual ~CardChannel() = default;
    virtual Result<ResponseApdu> transmit(const CommandApdu& command) = 0;
};

} // namespace madoguchi::card
