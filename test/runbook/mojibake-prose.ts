// Clean text in the scripts the repair must never touch: prose written for these tests.
export const CLEAN_PROSE: Record<string, string> = {
  turkish: [
    '# Üretim Dağıtımı Kontrol Listesi 🎯',
    'Dağıtımdan önce veritabanı yedeğini alın ve şifrelerin güncel olduğunu doğrulayın.',
    'İstanbul bölgesindeki sunucular küçük bir gecikmeyle güncellenir; lütfen sabırlı olun.',
    '- [ ] Çalışma alanını kontrol et → “başarılı” mesajını bekle',
    'Öğleden sonra ŞİFRE DEĞİŞİKLİĞİ yapılmayacak. Iğdır ve Çorum ekipleri bilgilendirildi.',
    'Geri alma gerekirse: `kubectl rollout undo` — ardından sağlık kontrolünü tekrarlayın.',
  ].join('\n'),
  greek: [
    '# Λίστα ελέγχου ανάπτυξης ⚠️',
    'Πριν από την ανάπτυξη, ελέγξτε ότι η βάση δεδομένων έχει αντίγραφο ασφαλείας.',
    'Η ΥΠΗΡΕΣΙΑ ΘΑ ΕΙΝΑΙ ΔΙΑΘΕΣΙΜΗ ΣΕ ΛΙΓΑ ΛΕΠΤΑ. Ώρα έναρξης: 14:00 «ακριβώς».',
    '- [ ] Επαλήθευση υγείας → αναμένεται «ΟΚ» από όλους τους διακομιστές',
    'Αν αποτύχει ο έλεγχος, ακολουθήστε τα βήματα επαναφοράς… και ενημερώστε την ομάδα.',
    'Έλεγχος ολοκληρώθηκε ✅ — Ρύθμιση, Ύψος, Άλφα, Ήλιος, Όμικρον, Ίριδα.',
  ].join('\n'),
  russian: [
    '# Развёртывание в продакшен 🚀',
    'Перед развёртыванием убедитесь, что резервная копия базы данных создана.',
    'Её проверяет дежурный инженер; ещё раз сверьте журнал «Изменения» — это важно.',
    '- [ ] Проверка работоспособности → ожидается «ОК» от всех серверов',
    'ВНИМАНИЕ: ОТКАТ ВЫПОЛНЯЕТСЯ ТОЛЬКО ПО КОМАНДЕ. Ёлка, Щит, Подъезд, Эхо, Юла, Яма.',
    'Если проверка не прошла… выполните откат и сообщите в канал №3.',
  ].join('\n'),
  ukrainian: [
    '# Розгортання у Київі 🇺🇦',
    'Перед початком дії перевірте, що її резервна копія є, і що всі сервіси працюють.',
    'Ґанок, Їжак, Єдність — слова для перевірки літер ґ, ї, є та і.',
  ].join('\n'),
  polish: [
    '# Lista kontrolna wdrożenia 📋',
    'Przed wdrożeniem sprawdź, czy kopia zapasowa bazy danych jest gotowa.',
    'Zażółć gęślą jaźń. ŻÓŁW, ŹRÓDŁO, ĆWICZENIE, ŚLAD, ŁÓDŹ — wielkie litery też.',
    '- [ ] Weryfikacja → oczekiwany „sukces” ze wszystkich serwerów',
    'Jeśli coś pójdzie źle, przywróć poprzednią wersję i zgłoś błąd.',
  ].join('\n'),
  western: [
    '# Déploiement en production — façade, naïve, Zürich, Ærøskøbing, São Paulo',
    'Größe: 20 °C ± 5 %, prix 10 € ou £5; « guillemets » et “quotes”; l’été, d’accès.',
    'À bientôt. ÉTÉ. Ça va? Ñandú, señor, ¿qué? ¡sí! Œuvre, cœur. Ångström.',
  ].join('\n'),
  runbook: [
    '├──> Is it healthy? ──Yes──> CONTINUE',
    '│    └──No──> ROLLBACK',
    '┌────────┐  ╔══════╗  ▓▒░ █▄▀',
    '│ status │  ║ prod ║',
    '└────────┘  ╚══════╝',
    '⚠️ 🗄️ ✔️ ☑️ ⏱️ 1️⃣ #️⃣ 👨‍💻 👩‍🔧 🏳️‍🌈 👍🏽 🇺🇸🇹🇷 🏴󠁧󠁢󠁳󠁣󠁴󠁿 → ← ⇒ ▶ ▼ ☐ Yes ☐ No',
    'p95 ≤ 2000 ms, error rate ≥ 99.9 %, 3 × retry, x ≠ y, ≈ 5 min, ∞ loop, √2',
  ].join('\n'),
};
