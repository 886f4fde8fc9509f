<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Card</name>
    <message numerus="yes">
        <source>the card&apos;s answer is too short (%n bytes, no status word)</source>
        <translation>
            <numerusform>the card&apos;s answer is too short (%n byte, no status word)</numerusform>
            <numerusform>the card&apos;s answer is too short (%n bytes, no status word)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tries left</source>
        <translation>
            <numerusform>%n try left</numerusform>
            <numerusform>%n tries left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>wrong PIN for the %1: %n tries left</source>
        <translation>
            <numerusform>wrong PIN for the %1: %n try left</numerusform>
            <numerusform>wrong PIN for the %1: %n tries left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message numerus="yes">
        <source>%1: %n tries left</source>
        <translation>
            <numerusform>%1: %n try left</numerusform>
            <numerusform>%1: %n tries left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n survey(s)</source>
        <translation>
            <numerusform>%n survey</numerusform>
            <numerusform>%n surveys</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n starter course(s) installed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
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
<context>
    <name>madoguchi::CertificateDialog</name>
    <message numerus="yes">
        <source>Issued %1: %2, %n person(s).</source>
        <extracomment>%1 issuance number (第2026-000001号), %2 title (住民票の写し)</extracomment>
        <translation>
            <numerusform>Issued %1: %2, %n person.</numerusform>
            <numerusform>Issued %1: %2, %n persons.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>madoguchi::CertificatePage</name>
    <message numerus="yes">
        <source>%n certificate(s) issued to %1.</source>
        <translation>
            <numerusform>%n certificate issued to %1.</numerusform>
            <numerusform>%n certificates issued to %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n earlier certificate(s) of this kind revoked (renewed).</source>
        <translation>
            <numerusform>%n earlier certificate of this kind revoked (renewed).</numerusform>
            <numerusform>%n earlier certificates of this kind revoked (renewed).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Card %1 reported lost: %n certificate(s) revoked.</source>
        <translation>
            <numerusform>Card %1 reported lost: %n certificate revoked.</numerusform>
            <numerusform>Card %1 reported lost: %n certificates revoked.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>madoguchi::DisasterDashboard</name>
    <message numerus="yes">
        <source>%n place(s) free</source>
        <translation>
            <numerusform>%n place free</numerusform>
            <numerusform>%n places free</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>madoguchi::DisasterPage</name>
    <message numerus="yes">
        <source>%n warning(s): %1</source>
        <translation>
            <numerusform>%n warning: %1</numerusform>
            <numerusform>%n warnings: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>madoguchi::IssuancePage</name>
    <message numerus="yes">
        <source>Collections due (past or within %n day(s) of the deadline)</source>
        <translation>
            <numerusform>Collections due (past or within %n day of the deadline)</numerusform>
            <numerusform>Collections due (past or within %n days of the deadline)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Renewals due (expiring within %n month(s))</source>
        <translation>
            <numerusform>Renewals due (expiring within %n month)</numerusform>
            <numerusform>Renewals due (expiring within %n months)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The collection deadline is within %n day(s).</source>
        <translation>
            <numerusform>The collection deadline is within %n day.</numerusform>
            <numerusform>The collection deadline is within %n days.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>madoguchi::MainWindow</name>
    <message numerus="yes">
        <source>%n change(s) written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.</source>
        <translation>
            <numerusform>%n change written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.</numerusform>
            <numerusform>%n changes written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>madoguchi::PdfPreview</name>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>madoguchi::QuizDialog</name>
    <message numerus="yes">
        <source>%n question(s). Answer each one, then submit your answers.</source>
        <translation>
            <numerusform>the card&apos;s answer is too short (%n bytes, no status word)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n byte, no status word)&lt;/numerusform&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n bytes, no status word)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;%n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;wrong PIN for the %1: %n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;wrong PIN for the %1: %n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;wrong PIN for the %1: %n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;Cli&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%1: %n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%1: %n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;%1: %n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n survey&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n survey&lt;/numerusform&gt;
            &lt;numerusform&gt;%n surveys&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;OperatorService&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;the password is wrong: %n more failure will lock the account&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the password is wrong: %n more failure will lock the account&lt;/numerusform&gt;
            &lt;numerusform&gt;the password is wrong: %n more failures will lock the account&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::CertificateDialog&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Issued %1: %2, %n person.&lt;/source&gt;
        &lt;extracomment&gt;%1 issuance number (第2026-000001号), %2 title (住民票の写し)&lt;/extracomment&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Issued %1: %2, %n person.&lt;/numerusform&gt;
            &lt;numerusform&gt;Issued %1: %2, %n persons.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::CertificatePage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n certificate issued to %1.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n certificate issued to %1.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n certificates issued to %1.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n earlier certificate of this kind revoked (renewed).&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n earlier certificate of this kind revoked (renewed).&lt;/numerusform&gt;
            &lt;numerusform&gt;%n earlier certificates of this kind revoked (renewed).&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Card %1 reported lost: %n certificate revoked.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Card %1 reported lost: %n certificate revoked.&lt;/numerusform&gt;
            &lt;numerusform&gt;Card %1 reported lost: %n certificates revoked.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::DisasterDashboard&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n place free&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n place free&lt;/numerusform&gt;
            &lt;numerusform&gt;%n places free&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::DisasterPage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n warning: %1&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n warning: %1&lt;/numerusform&gt;
            &lt;numerusform&gt;%n warnings: %1&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::IssuancePage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Collections due (past or within %n day of the deadline)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Collections due (past or within %n day of the deadline)&lt;/numerusform&gt;
            &lt;numerusform&gt;Collections due (past or within %n days of the deadline)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Renewals due (expiring within %n month)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Renewals due (expiring within %n month)&lt;/numerusform&gt;
            &lt;numerusform&gt;Renewals due (expiring within %n months)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;The collection deadline is within %n day.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;The collection deadline is within %n day.&lt;/numerusform&gt;
            &lt;numerusform&gt;The collection deadline is within %n days.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::MainWindow&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n change written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n change written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n changes written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::PdfPreview&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n page&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n page&lt;/numerusform&gt;
            &lt;numerusform&gt;%n pages&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::QuizDialog&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n question. Answer each one, then submit your answers.</numerusform>
            <numerusform>the card&apos;s answer is too short (%n bytes, no status word)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n byte, no status word)&lt;/numerusform&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n bytes, no status word)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;%n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;wrong PIN for the %1: %n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;wrong PIN for the %1: %n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;wrong PIN for the %1: %n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;Cli&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%1: %n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%1: %n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;%1: %n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n surveys&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n survey&lt;/numerusform&gt;
            &lt;numerusform&gt;%n surveys&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;OperatorService&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;the password is wrong: %n more failures will lock the account&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the password is wrong: %n more failure will lock the account&lt;/numerusform&gt;
            &lt;numerusform&gt;the password is wrong: %n more failures will lock the account&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::CertificateDialog&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Issued %1: %2, %n persons.&lt;/source&gt;
        &lt;extracomment&gt;%1 issuance number (第2026-000001号), %2 title (住民票の写し)&lt;/extracomment&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Issued %1: %2, %n person.&lt;/numerusform&gt;
            &lt;numerusform&gt;Issued %1: %2, %n persons.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::CertificatePage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n certificates issued to %1.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n certificate issued to %1.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n certificates issued to %1.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n earlier certificates of this kind revoked (renewed).&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n earlier certificate of this kind revoked (renewed).&lt;/numerusform&gt;
            &lt;numerusform&gt;%n earlier certificates of this kind revoked (renewed).&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Card %1 reported lost: %n certificates revoked.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Card %1 reported lost: %n certificate revoked.&lt;/numerusform&gt;
            &lt;numerusform&gt;Card %1 reported lost: %n certificates revoked.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::DisasterDashboard&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n places free&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n place free&lt;/numerusform&gt;
            &lt;numerusform&gt;%n places free&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::DisasterPage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n warnings: %1&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n warning: %1&lt;/numerusform&gt;
            &lt;numerusform&gt;%n warnings: %1&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::IssuancePage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Collections due (past or within %n days of the deadline)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Collections due (past or within %n day of the deadline)&lt;/numerusform&gt;
            &lt;numerusform&gt;Collections due (past or within %n days of the deadline)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Renewals due (expiring within %n months)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Renewals due (expiring within %n month)&lt;/numerusform&gt;
            &lt;numerusform&gt;Renewals due (expiring within %n months)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;The collection deadline is within %n days.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;The collection deadline is within %n day.&lt;/numerusform&gt;
            &lt;numerusform&gt;The collection deadline is within %n days.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::MainWindow&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n changes written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n change written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n changes written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::PdfPreview&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n pages&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n page&lt;/numerusform&gt;
            &lt;numerusform&gt;%n pages&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::QuizDialog&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n questions. Answer each one, then submit your answers.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s) left.</source>
        <translation>
            <numerusform>%n attempt left.</numerusform>
            <numerusform>%n attempts left.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>madoguchi::RecoveryDashboard</name>
    <message numerus="yes">
        <source>Payment reminders (deadline within %n day(s))</source>
        <translation>
            <numerusform>the card&apos;s answer is too short (%n bytes, no status word)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n byte, no status word)&lt;/numerusform&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n bytes, no status word)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;%n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;wrong PIN for the %1: %n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;wrong PIN for the %1: %n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;wrong PIN for the %1: %n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;Cli&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%1: %n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%1: %n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;%1: %n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n survey&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n survey&lt;/numerusform&gt;
            &lt;numerusform&gt;%n surveys&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;OperatorService&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;the password is wrong: %n more failure will lock the account&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the password is wrong: %n more failure will lock the account&lt;/numerusform&gt;
            &lt;numerusform&gt;the password is wrong: %n more failures will lock the account&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::CertificateDialog&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Issued %1: %2, %n person.&lt;/source&gt;
        &lt;extracomment&gt;%1 issuance number (第2026-000001号), %2 title (住民票の写し)&lt;/extracomment&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Issued %1: %2, %n person.&lt;/numerusform&gt;
            &lt;numerusform&gt;Issued %1: %2, %n persons.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::CertificatePage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n certificate issued to %1.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n certificate issued to %1.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n certificates issued to %1.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n earlier certificate of this kind revoked (renewed).&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n earlier certificate of this kind revoked (renewed).&lt;/numerusform&gt;
            &lt;numerusform&gt;%n earlier certificates of this kind revoked (renewed).&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Card %1 reported lost: %n certificate revoked.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Card %1 reported lost: %n certificate revoked.&lt;/numerusform&gt;
            &lt;numerusform&gt;Card %1 reported lost: %n certificates revoked.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::DisasterDashboard&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n place free&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n place free&lt;/numerusform&gt;
            &lt;numerusform&gt;%n places free&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::DisasterPage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n warning: %1&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n warning: %1&lt;/numerusform&gt;
            &lt;numerusform&gt;%n warnings: %1&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::IssuancePage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Collections due (past or within %n day of the deadline)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Collections due (past or within %n day of the deadline)&lt;/numerusform&gt;
            &lt;numerusform&gt;Collections due (past or within %n days of the deadline)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Renewals due (expiring within %n month)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Renewals due (expiring within %n month)&lt;/numerusform&gt;
            &lt;numerusform&gt;Renewals due (expiring within %n months)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;The collection deadline is within %n day.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;The collection deadline is within %n day.&lt;/numerusform&gt;
            &lt;numerusform&gt;The collection deadline is within %n days.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::MainWindow&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n change written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n change written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n changes written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::PdfPreview&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n page&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n page&lt;/numerusform&gt;
            &lt;numerusform&gt;%n pages&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::RecoveryDashboard&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Payment reminders (deadline within %n day)</numerusform>
            <numerusform>the card&apos;s answer is too short (%n bytes, no status word)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n byte, no status word)&lt;/numerusform&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n bytes, no status word)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;%n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;wrong PIN for the %1: %n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;wrong PIN for the %1: %n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;wrong PIN for the %1: %n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;Cli&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%1: %n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%1: %n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;%1: %n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n surveys&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n survey&lt;/numerusform&gt;
            &lt;numerusform&gt;%n surveys&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;OperatorService&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;the password is wrong: %n more failures will lock the account&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the password is wrong: %n more failure will lock the account&lt;/numerusform&gt;
            &lt;numerusform&gt;the password is wrong: %n more failures will lock the account&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::CertificateDialog&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Issued %1: %2, %n persons.&lt;/source&gt;
        &lt;extracomment&gt;%1 issuance number (第2026-000001号), %2 title (住民票の写し)&lt;/extracomment&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Issued %1: %2, %n person.&lt;/numerusform&gt;
            &lt;numerusform&gt;Issued %1: %2, %n persons.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::CertificatePage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n certificates issued to %1.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n certificate issued to %1.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n certificates issued to %1.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n earlier certificates of this kind revoked (renewed).&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n earlier certificate of this kind revoked (renewed).&lt;/numerusform&gt;
            &lt;numerusform&gt;%n earlier certificates of this kind revoked (renewed).&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Card %1 reported lost: %n certificates revoked.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Card %1 reported lost: %n certificate revoked.&lt;/numerusform&gt;
            &lt;numerusform&gt;Card %1 reported lost: %n certificates revoked.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::DisasterDashboard&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n places free&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n place free&lt;/numerusform&gt;
            &lt;numerusform&gt;%n places free&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::DisasterPage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n warnings: %1&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n warning: %1&lt;/numerusform&gt;
            &lt;numerusform&gt;%n warnings: %1&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::IssuancePage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Collections due (past or within %n days of the deadline)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Collections due (past or within %n day of the deadline)&lt;/numerusform&gt;
            &lt;numerusform&gt;Collections due (past or within %n days of the deadline)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Renewals due (expiring within %n months)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Renewals due (expiring within %n month)&lt;/numerusform&gt;
            &lt;numerusform&gt;Renewals due (expiring within %n months)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;The collection deadline is within %n days.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;The collection deadline is within %n day.&lt;/numerusform&gt;
            &lt;numerusform&gt;The collection deadline is within %n days.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::MainWindow&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n changes written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n change written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n changes written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::PdfPreview&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n pages&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n page&lt;/numerusform&gt;
            &lt;numerusform&gt;%n pages&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::RecoveryDashboard&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Payment reminders (deadline within %n days)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Payment reminders (deadline within %n day(s); applications until %1 for the basic part, %2 for the additional part)</source>
        <translation>
            <numerusform>Payment reminders (deadline within %n day; applications until %1 for the basic part, %2 for the additional part)</numerusform>
            <numerusform>Payment reminders (deadline within %n days; applications until %1 for the basic part, %2 for the additional part)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>madoguchi::RecoveryPage</name>
    <message numerus="yes">
        <source>Building %1 surveyed again: %2 (%n survey(s) kept).</source>
        <translation>
            <numerusform>Building %1 surveyed again: %2 (%n survey kept).</numerusform>
            <numerusform>Building %1 surveyed again: %2 (%n surveys kept).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n amount(s) changed.</source>
        <translation>
            <numerusform>%n amount changed.</numerusform>
            <numerusform>%n amounts changed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>madoguchi::SyncController</name>
    <message numerus="yes">
        <source>Central: %n conflicts to resolve</source>
        <translation>
            <numerusform>Central: %n conflict to resolve</numerusform>
            <numerusform>Central: %n conflicts to resolve</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Central: offline, %n changes not sent</source>
        <translation>
            <numerusform>Central: offline, %n change not sent</numerusform>
            <numerusform>Central: offline, %n changes not sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Central: online, %n changes not sent</source>
        <translation>
            <numerusform>Central: online, %n change not sent</numerusform>
            <numerusform>Central: online, %n changes not sent</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>madoguchi::TrainingPage</name>
    <message numerus="yes">
        <source>Version %1 · %2 · quiz: %n question(s), pass mark %3 %</source>
        <translation>
            <numerusform>Payment reminders (deadline within %n day)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n bytes, no status word)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n byte, no status word)&lt;/numerusform&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n bytes, no status word)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;%n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;wrong PIN for the %1: %n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;wrong PIN for the %1: %n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;wrong PIN for the %1: %n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;Cli&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%1: %n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%1: %n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;%1: %n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n survey&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n survey&lt;/numerusform&gt;
            &lt;numerusform&gt;%n surveys&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;OperatorService&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;the password is wrong: %n more failure will lock the account&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the password is wrong: %n more failure will lock the account&lt;/numerusform&gt;
            &lt;numerusform&gt;the password is wrong: %n more failures will lock the account&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::CertificateDialog&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Issued %1: %2, %n person.&lt;/source&gt;
        &lt;extracomment&gt;%1 issuance number (第2026-000001号), %2 title (住民票の写し)&lt;/extracomment&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Issued %1: %2, %n person.&lt;/numerusform&gt;
            &lt;numerusform&gt;Issued %1: %2, %n persons.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::CertificatePage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n certificate issued to %1.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n certificate issued to %1.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n certificates issued to %1.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n earlier certificate of this kind revoked (renewed).&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n earlier certificate of this kind revoked (renewed).&lt;/numerusform&gt;
            &lt;numerusform&gt;%n earlier certificates of this kind revoked (renewed).&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Card %1 reported lost: %n certificate revoked.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Card %1 reported lost: %n certificate revoked.&lt;/numerusform&gt;
            &lt;numerusform&gt;Card %1 reported lost: %n certificates revoked.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::DisasterDashboard&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n place free&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n place free&lt;/numerusform&gt;
            &lt;numerusform&gt;%n places free&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::DisasterPage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n warning: %1&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n warning: %1&lt;/numerusform&gt;
            &lt;numerusform&gt;%n warnings: %1&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::IssuancePage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Collections due (past or within %n day of the deadline)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Collections due (past or within %n day of the deadline)&lt;/numerusform&gt;
            &lt;numerusform&gt;Collections due (past or within %n days of the deadline)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Renewals due (expiring within %n month)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Renewals due (expiring within %n month)&lt;/numerusform&gt;
            &lt;numerusform&gt;Renewals due (expiring within %n months)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;The collection deadline is within %n day.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;The collection deadline is within %n day.&lt;/numerusform&gt;
            &lt;numerusform&gt;The collection deadline is within %n days.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::MainWindow&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n change written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n change written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n changes written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::PdfPreview&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n page&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n page&lt;/numerusform&gt;
            &lt;numerusform&gt;%n pages&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::RecoveryDashboard&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Payment reminders (deadline within %n day)&lt;/numerusform&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n bytes, no status word)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n byte, no status word)&lt;/numerusform&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n bytes, no status word)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;%n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;wrong PIN for the %1: %n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;wrong PIN for the %1: %n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;wrong PIN for the %1: %n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;Cli&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%1: %n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%1: %n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;%1: %n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n surveys&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n survey&lt;/numerusform&gt;
            &lt;numerusform&gt;%n surveys&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;OperatorService&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;the password is wrong: %n more failures will lock the account&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the password is wrong: %n more failure will lock the account&lt;/numerusform&gt;
            &lt;numerusform&gt;the password is wrong: %n more failures will lock the account&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::CertificateDialog&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Issued %1: %2, %n persons.&lt;/source&gt;
        &lt;extracomment&gt;%1 issuance number (第2026-000001号), %2 title (住民票の写し)&lt;/extracomment&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Issued %1: %2, %n person.&lt;/numerusform&gt;
            &lt;numerusform&gt;Issued %1: %2, %n persons.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::CertificatePage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n certificates issued to %1.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n certificate issued to %1.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n certificates issued to %1.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n earlier certificates of this kind revoked (renewed).&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n earlier certificate of this kind revoked (renewed).&lt;/numerusform&gt;
            &lt;numerusform&gt;%n earlier certificates of this kind revoked (renewed).&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Card %1 reported lost: %n certificates revoked.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Card %1 reported lost: %n certificate revoked.&lt;/numerusform&gt;
            &lt;numerusform&gt;Card %1 reported lost: %n certificates revoked.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::DisasterDashboard&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n places free&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n place free&lt;/numerusform&gt;
            &lt;numerusform&gt;%n places free&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::DisasterPage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n warnings: %1&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n warning: %1&lt;/numerusform&gt;
            &lt;numerusform&gt;%n warnings: %1&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::IssuancePage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Collections due (past or within %n days of the deadline)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Collections due (past or within %n day of the deadline)&lt;/numerusform&gt;
            &lt;numerusform&gt;Collections due (past or within %n days of the deadline)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Renewals due (expiring within %n months)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Renewals due (expiring within %n month)&lt;/numerusform&gt;
            &lt;numerusform&gt;Renewals due (expiring within %n months)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;The collection deadline is within %n days.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;The collection deadline is within %n day.&lt;/numerusform&gt;
            &lt;numerusform&gt;The collection deadline is within %n days.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::MainWindow&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n changes written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n change written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n changes written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::PdfPreview&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n pages&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n page&lt;/numerusform&gt;
            &lt;numerusform&gt;%n pages&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::RecoveryDashboard&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Payment reminders (deadline within %n days)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Payment reminders (deadline within %n day; applications until %1 for the basic part, %2 for the additional part)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Payment reminders (deadline within %n day; applications until %1 for the basic part, %2 for the additional part)&lt;/numerusform&gt;
            &lt;numerusform&gt;Payment reminders (deadline within %n days; applications until %1 for the basic part, %2 for the additional part)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::RecoveryPage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Building %1 surveyed again: %2 (%n survey kept).&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Building %1 surveyed again: %2 (%n survey kept).&lt;/numerusform&gt;
            &lt;numerusform&gt;Building %1 surveyed again: %2 (%n surveys kept).&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n amount changed.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n amount changed.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n amounts changed.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::SyncController&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Central: %n conflicts to resolve&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Central: %n conflict to resolve&lt;/numerusform&gt;
            &lt;numerusform&gt;Central: %n conflicts to resolve&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Central: offline, %n changes not sent&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Central: offline, %n change not sent&lt;/numerusform&gt;
            &lt;numerusform&gt;Central: offline, %n changes not sent&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Central: online, %n changes not sent&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Central: online, %n change not sent&lt;/numerusform&gt;
            &lt;numerusform&gt;Central: online, %n changes not sent&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::TrainingPage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Version %1 · %2 · quiz: %n question, pass mark %3 %</numerusform>
            <numerusform>Payment reminders (deadline within %n days)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n bytes, no status word)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n byte, no status word)&lt;/numerusform&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n bytes, no status word)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;%n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;wrong PIN for the %1: %n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;wrong PIN for the %1: %n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;wrong PIN for the %1: %n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;Cli&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%1: %n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%1: %n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;%1: %n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n survey&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n survey&lt;/numerusform&gt;
            &lt;numerusform&gt;%n surveys&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;OperatorService&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;the password is wrong: %n more failure will lock the account&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the password is wrong: %n more failure will lock the account&lt;/numerusform&gt;
            &lt;numerusform&gt;the password is wrong: %n more failures will lock the account&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::CertificateDialog&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Issued %1: %2, %n person.&lt;/source&gt;
        &lt;extracomment&gt;%1 issuance number (第2026-000001号), %2 title (住民票の写し)&lt;/extracomment&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Issued %1: %2, %n person.&lt;/numerusform&gt;
            &lt;numerusform&gt;Issued %1: %2, %n persons.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::CertificatePage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n certificate issued to %1.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n certificate issued to %1.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n certificates issued to %1.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n earlier certificate of this kind revoked (renewed).&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n earlier certificate of this kind revoked (renewed).&lt;/numerusform&gt;
            &lt;numerusform&gt;%n earlier certificates of this kind revoked (renewed).&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Card %1 reported lost: %n certificate revoked.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Card %1 reported lost: %n certificate revoked.&lt;/numerusform&gt;
            &lt;numerusform&gt;Card %1 reported lost: %n certificates revoked.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::DisasterDashboard&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n place free&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n place free&lt;/numerusform&gt;
            &lt;numerusform&gt;%n places free&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::DisasterPage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n warning: %1&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n warning: %1&lt;/numerusform&gt;
            &lt;numerusform&gt;%n warnings: %1&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::IssuancePage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Collections due (past or within %n day of the deadline)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Collections due (past or within %n day of the deadline)&lt;/numerusform&gt;
            &lt;numerusform&gt;Collections due (past or within %n days of the deadline)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Renewals due (expiring within %n month)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Renewals due (expiring within %n month)&lt;/numerusform&gt;
            &lt;numerusform&gt;Renewals due (expiring within %n months)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;The collection deadline is within %n day.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;The collection deadline is within %n day.&lt;/numerusform&gt;
            &lt;numerusform&gt;The collection deadline is within %n days.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::MainWindow&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n change written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n change written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n changes written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::PdfPreview&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n page&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n page&lt;/numerusform&gt;
            &lt;numerusform&gt;%n pages&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::RecoveryDashboard&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Payment reminders (deadline within %n day)&lt;/numerusform&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n bytes, no status word)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n byte, no status word)&lt;/numerusform&gt;
            &lt;numerusform&gt;the card&apos;s answer is too short (%n bytes, no status word)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;%n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;wrong PIN for the %1: %n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;wrong PIN for the %1: %n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;wrong PIN for the %1: %n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;Cli&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%1: %n tries left&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%1: %n try left&lt;/numerusform&gt;
            &lt;numerusform&gt;%1: %n tries left&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n surveys&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n survey&lt;/numerusform&gt;
            &lt;numerusform&gt;%n surveys&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;OperatorService&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;the password is wrong: %n more failures will lock the account&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;the password is wrong: %n more failure will lock the account&lt;/numerusform&gt;
            &lt;numerusform&gt;the password is wrong: %n more failures will lock the account&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::CertificateDialog&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Issued %1: %2, %n persons.&lt;/source&gt;
        &lt;extracomment&gt;%1 issuance number (第2026-000001号), %2 title (住民票の写し)&lt;/extracomment&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Issued %1: %2, %n person.&lt;/numerusform&gt;
            &lt;numerusform&gt;Issued %1: %2, %n persons.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::CertificatePage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n certificates issued to %1.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n certificate issued to %1.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n certificates issued to %1.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n earlier certificates of this kind revoked (renewed).&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n earlier certificate of this kind revoked (renewed).&lt;/numerusform&gt;
            &lt;numerusform&gt;%n earlier certificates of this kind revoked (renewed).&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Card %1 reported lost: %n certificates revoked.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Card %1 reported lost: %n certificate revoked.&lt;/numerusform&gt;
            &lt;numerusform&gt;Card %1 reported lost: %n certificates revoked.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::DisasterDashboard&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n places free&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n place free&lt;/numerusform&gt;
            &lt;numerusform&gt;%n places free&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::DisasterPage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n warnings: %1&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n warning: %1&lt;/numerusform&gt;
            &lt;numerusform&gt;%n warnings: %1&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::IssuancePage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Collections due (past or within %n days of the deadline)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Collections due (past or within %n day of the deadline)&lt;/numerusform&gt;
            &lt;numerusform&gt;Collections due (past or within %n days of the deadline)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Renewals due (expiring within %n months)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Renewals due (expiring within %n month)&lt;/numerusform&gt;
            &lt;numerusform&gt;Renewals due (expiring within %n months)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;The collection deadline is within %n days.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;The collection deadline is within %n day.&lt;/numerusform&gt;
            &lt;numerusform&gt;The collection deadline is within %n days.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::MainWindow&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n changes written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n change written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n changes written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::PdfPreview&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n pages&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n page&lt;/numerusform&gt;
            &lt;numerusform&gt;%n pages&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::RecoveryDashboard&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Payment reminders (deadline within %n days)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Payment reminders (deadline within %n days; applications until %1 for the basic part, %2 for the additional part)&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Payment reminders (deadline within %n day; applications until %1 for the basic part, %2 for the additional part)&lt;/numerusform&gt;
            &lt;numerusform&gt;Payment reminders (deadline within %n days; applications until %1 for the basic part, %2 for the additional part)&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::RecoveryPage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Building %1 surveyed again: %2 (%n surveys kept).&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Building %1 surveyed again: %2 (%n survey kept).&lt;/numerusform&gt;
            &lt;numerusform&gt;Building %1 surveyed again: %2 (%n surveys kept).&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;%n amounts changed.&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;%n amount changed.&lt;/numerusform&gt;
            &lt;numerusform&gt;%n amounts changed.&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::SyncController&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Central: %n conflicts to resolve&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Central: %n conflict to resolve&lt;/numerusform&gt;
            &lt;numerusform&gt;Central: %n conflicts to resolve&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Central: offline, %n changes not sent&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Central: offline, %n change not sent&lt;/numerusform&gt;
            &lt;numerusform&gt;Central: offline, %n changes not sent&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Central: online, %n changes not sent&lt;/source&gt;
        &lt;translation&gt;
            &lt;numerusform&gt;Central: online, %n change not sent&lt;/numerusform&gt;
            &lt;numerusform&gt;Central: online, %n changes not sent&lt;/numerusform&gt;
        &lt;/translation&gt;
    &lt;/message&gt;
&lt;/context&gt;
&lt;context&gt;
    &lt;name&gt;madoguchi::TrainingPage&lt;/name&gt;
    &lt;message numerus=&quot;yes&quot;&gt;
        &lt;source&gt;Version %1 · %2 · quiz: %n questions, pass mark %3 %</numerusform>
        </translation>
    </message>
</context>
</TS>
