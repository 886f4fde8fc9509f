<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>OperatorService</name>
    <message numerus="yes">
        <source>the password is wrong: %n more failure(s) will lock the account</source>
        <translation>
            <numerusform>the password is wrong: %n more failure will lock the account</numerusform>
            <numerusform>the password is wrong: %n more failures will lock the account</numerusform>
        </translation>
    </message>
</context>
</TS>
