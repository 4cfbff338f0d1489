Sub TestMacro()
'
' TestMacro Macro
' This is a test macro
'

'
    ActiveCell.FormulaR1C1 = "This is a macro workbook"
    Range("A2").Select
End Sub
